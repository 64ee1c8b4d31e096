/**
 * A diagnosis (of a plan or of a run) as text: terminal tables in the seed's
 * style, or markdown for reports. Pure: the diagnosis in, a string out.
 * Both formats come from one list of blocks, so they always say the same.
 */
import { formatDuration } from '../../plan/formatDuration.js';
import { chainPath, describeWaitCauses } from '../../runtime/diagnose/describeChain.js';
import type { Diagnosis, PlanDiagnosis, Recommendation, RunDiagnosis, TicketDiagnosis } from '../../runtime/diagnose/index.js';
import { renderTable } from './renderTable.js';
import { plain, type Style } from './style.js';

export type DiagnosisFormat = 'table' | 'markdown';

export interface RenderDiagnosisOptions {
  format: DiagnosisFormat;
  /** Colours for the terminal. @default plain */
  style?: Style;
  /** Most rows of a per-ticket or per-agent table. @default 15 */
  limit?: number;
}

type Block =
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'text'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; headers: string[]; rows: string[][] };

const ms = (n: number) => formatDuration(n);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function renderDiagnosis(diagnosis: Diagnosis, options: RenderDiagnosisOptions): string {
  const limit = options.limit ?? 15;
  const blocks = diagnosis.kind === 'run' ? runBlocks(diagnosis, limit) : planBlocks(diagnosis);
  return options.format === 'markdown' ? toMarkdown(blocks) : toText(blocks, options.style ?? plain);
}

// ---- a run ------------------------------------------------------------------

function runBlocks(d: RunDiagnosis, limit: number): Block[] {
  const blocks: Block[] = [{ type: 'title', text: `Diagnosis of run ${d.runId} (${d.planName})` }];
  const counts = Object.entries(d.counts)
    .filter(([state]) => state !== 'completed')
    .map(([state, n]) => `${n} ${state}`);
  blocks.push({ type: 'text', text: `${d.status}${d.live ? ' (live: so far)' : ''} after ${ms(d.wallMs)}: ${d.counts.completed ?? 0}/${d.total} completed${counts.length ? `, ${counts.join(', ')}` : ''}` });
  blocks.push({
    type: 'text',
    text: `Waiting: ${ms(d.waiting.dependencyMs)} on dependencies, ${ms(d.waiting.readyMs)} ready but not started${d.waiting.readyMs > 0 ? ` (${describeWaitCauses(d.waiting.byCause)})` : ''}, summed over tickets`,
  });
  if (d.model) {
    const ran = d.tickets.length;
    const durations =
      d.model.observed >= ran ? 'its observed durations' : `${plural(d.model.observed, 'observed duration')} and estimates × ${d.model.ratio.toFixed(2)} for the other ${ran - d.model.observed}`;
    blocks.push({
      type: 'text',
      text: `What-ifs replay the run with ${durations}: ${ms(d.model.baselineMs)} as it was (actual ${ms(d.wallMs)})${skipped(d.model.skipped)}`,
    });
  }
  const wants = (s: 'conflicts' | 'bottlenecks') => d.sections.includes(s);

  if (wants('bottlenecks')) {
    const chain = d.criticalChain;
    blocks.push({ type: 'heading', text: `Critical chain: what the end waited for (${ms(chain.totalMs)})` });
    if (chain.segments.length === 0) blocks.push({ type: 'text', text: 'No ticket ran: there is no chain.' });
    else {
      blocks.push({ type: 'text', text: chainPath(chain.segments) });
      const order = [...new Set(chain.segments.map((s) => s.ticket))];
      const on = new Map<string, string[]>();
      for (const s of chain.segments) if (s.on) on.set(s.ticket, [...(on.get(s.ticket) ?? []), s.on]);
      const byId = new Map(chain.tickets.map((t) => [t.id, t]));
      blocks.push({
        type: 'table',
        headers: ['Ticket', 'On chain', 'Running', 'Waiting', 'Share', 'Waited on'],
        rows: order.map((tid) => {
          const t = byId.get(tid)!;
          return [tid, ms(t.ms), t.runningMs > 0 ? ms(t.runningMs) : '-', t.waitMs > 0 ? ms(t.waitMs) : '-', pct(t.share), (on.get(tid) ?? []).join('; ') || '-'];
        }),
      });
      const most = chain.tickets.slice(0, 3).map((t) => `${t.id} ${ms(t.ms)} (${pct(t.share)})`);
      blocks.push({ type: 'text', text: `Delayed the end most: ${most.join(', ')}` });
    }

    // A few milliseconds of dispatch latency is not a wait worth a row.
    const worth = Math.max(1, d.wallMs / 100);
    const waited = d.tickets.filter((t) => lost(t) >= worth || t.retries > 0).sort((a, b) => lost(b) - lost(a) || (a.id < b.id ? -1 : 1));
    blocks.push({ type: 'heading', text: 'Where tickets waited' });
    if (waited.length === 0) blocks.push({ type: 'text', text: `Every ticket started within ${ms(worth)} of its dependencies being done.` });
    else {
      blocks.push({
        type: 'table',
        headers: ['Ticket', 'Dependencies', 'Ready, not started', 'Why', 'Held by', 'Running', 'Attempts', 'Backoff', 'Interrupted'],
        rows: waited.slice(0, limit).map((t) => [
          t.id,
          t.dependencyMs > 0 ? `${ms(t.dependencyMs)}${t.lastDependency ? ` (${t.lastDependency})` : ''}` : '-',
          ms(t.readyMs),
          describeWaitCauses(t.readyByCause) || '-',
          t.heldBy.slice(0, 3).map((h) => `${h.id} ${ms(h.ms)}`).join(', ') || '-',
          ms(t.runningMs),
          String(t.attempts.length),
          t.backoffMs > 0 ? ms(t.backoffMs) : '-',
          t.interruptedMs > 0 ? ms(t.interruptedMs) : '-',
        ]),
      });
      const hidden = [
        ...(waited.length > limit ? [`${waited.length - limit} more that waited`] : []),
        ...(d.tickets.length > waited.length ? [`${d.tickets.length - waited.length} that waited less than ${ms(worth)}`] : []),
      ];
      if (hidden.length) blocks.push({ type: 'text', text: `Not shown: ${hidden.join(', ')} (every ticket: --format json)` });
    }

    blocks.push({ type: 'heading', text: 'Agent utilization' });
    blocks.push({
      type: 'table',
      headers: ['Type', 'Agents', 'Busy', 'Utilization', 'Tickets waited for one'],
      rows: d.agentTypes.map((a) => [a.type, String(a.agents), ms(a.busyMs), pct(a.utilization), a.waitedForAgentMs > 0 ? ms(a.waitedForAgentMs) : '-']),
    });
    blocks.push({
      type: 'table',
      headers: ['Agent', 'Type', 'Tickets', 'Busy', 'Utilization'],
      rows: d.agents.slice(0, limit).map((a) => [a.id, a.type, String(a.tickets), ms(a.busyMs), pct(a.utilization)]),
    });
    if (d.agents.length > limit) blocks.push({ type: 'text', text: `… and ${plural(d.agents.length - limit, 'more agent')}` });

    const e = d.estimates;
    blocks.push({ type: 'heading', text: 'Actual against estimated' });
    blocks.push({
      type: 'text',
      text: e.measured > 0 ? `Actual ÷ estimate ${e.ratio.toFixed(2)} over ${plural(e.measured, 'completed ticket')} (${ms(e.actualMs)} for ${ms(e.estimatedMs)} estimated)` : 'No completed ticket had an estimate.',
    });
    if (e.worst.length > 0) {
      blocks.push({ type: 'table', headers: ['Ticket', 'Estimate', 'Actual', 'Ratio'], rows: e.worst.map((w) => [w.id, ms(w.estimateMs), ms(w.actualMs), `${w.ratio.toFixed(2)}×`]) });
    }
    if (e.missing.length > 0) blocks.push({ type: 'text', text: `Without an estimate: ${e.missing.slice(0, 10).join(', ')}${e.missing.length > 10 ? ` +${e.missing.length - 10}` : ''}` });
  }

  if (wants('conflicts')) {
    blocks.push({ type: 'heading', text: 'Conflicts and resources that serialised work' });
    if (d.contended.length === 0) blocks.push({ type: 'text', text: 'No ticket waited on a conflict, a resource or an isolated ticket.' });
    else {
      const base = d.model?.baselineMs;
      blocks.push({
        type: 'table',
        headers: ['What', 'Kind', 'Waited', 'Waiting', 'Held by', 'Run without it'],
        rows: d.contended.map((c) => [
          c.label,
          c.kind,
          ms(c.waitedMs),
          list(c.waiters),
          list(c.holders),
          c.withoutMs === undefined || base === undefined ? '-' : `${ms(c.withoutMs)}${c.withoutMs < base ? ` (−${ms(base - c.withoutMs)})` : ''}`,
        ]),
      });
    }
  }
  blocks.push(...recommendationBlocks(d.recommendations, d.sections));
  return blocks;
}

/** Time a ticket lost to anything but its dependencies and its own running. */
const lost = (t: TicketDiagnosis) => t.readyMs + t.backoffMs + t.interruptedMs + t.heldMs;

const skipped = (n: number) => (n > 0 ? `; ${plural(n, 'what-if')} not simulated (budget for a plan this size)` : '');

const list = (ids: readonly string[]) => (ids.length > 4 ? `${ids.slice(0, 4).join(', ')} +${ids.length - 4}` : ids.join(', ') || '-');

// ---- a plan -----------------------------------------------------------------

function planBlocks(d: PlanDiagnosis): Block[] {
  const blocks: Block[] = [{ type: 'title', text: `Diagnosis of plan ${d.planName}` }];
  blocks.push({
    type: 'text',
    text: `${plural(d.tickets, 'ticket')}, agents ${d.agents.map((a) => `${a.type} ${a.count}`).join(', ')} (strategy ${d.strategy}): simulated makespan ${ms(d.makespanMs)}, lower bound ${ms(d.lowerBoundMs)}, total work ${ms(d.totalWorkMs)}${skipped(d.whatIfsSkipped)}`,
  });
  if (d.sections.includes('bottlenecks')) {
    blocks.push({ type: 'heading', text: `Critical path (${ms(d.criticalPath.totalMs)})` });
    blocks.push({ type: 'text', text: d.criticalPath.tickets.map((t) => t.id).join(' → ') || 'empty' });
    blocks.push({ type: 'heading', text: 'Bottlenecks (on the critical path, most dependents)' });
    if (d.bottlenecks.length === 0) blocks.push({ type: 'text', text: 'None: no ticket on the critical path has two or more dependents.' });
    else
      blocks.push({
        type: 'table',
        headers: ['Ticket', 'Dependents', 'Estimate', 'Path from it'],
        rows: d.bottlenecks.map((b) => [b.id, String(b.dependents), ms(b.estimateMs), ms(b.remainingMs)]),
      });
    blocks.push({ type: 'heading', text: 'Makespan by agent count' });
    if (d.curves.length === 0) blocks.push({ type: 'text', text: 'Not simulated.' });
    else
      blocks.push({
        type: 'table',
        headers: ['Type', 'Planned', 'Enough', 'Makespan with 1, 2, … agents'],
        rows: d.curves.map((c) => [c.agentType, String(c.planned), String(c.enoughAt), c.points.map((p) => `${p.agents}: ${ms(p.makespanMs)}`).join(', ')]),
      });
    blocks.push({ type: 'heading', text: 'Missing estimates' });
    blocks.push({
      type: 'text',
      text: d.missingEstimates.tickets.length
        ? `Without an estimate (counted as ${ms(d.missingEstimates.defaultMs)} each): ${d.missingEstimates.tickets.slice(0, 10).join(', ')}${d.missingEstimates.tickets.length > 10 ? ` +${d.missingEstimates.tickets.length - 10}` : ''}`
        : 'Every ticket has an estimate.',
    });
  }
  if (d.sections.includes('conflicts')) {
    blocks.push({ type: 'heading', text: 'Conflicts and what they cost' });
    if (d.conflicts.length === 0) blocks.push({ type: 'text', text: 'No conflicts: nothing serialises tickets but their dependencies and the agent pool.' });
    else {
      blocks.push({
        type: 'table',
        headers: ['Conflict', 'Kind', 'Makespan cost'],
        rows: d.conflicts.map((c) => [c.label, c.kind, c.costMs === undefined ? 'not simulated' : c.costMs > 0 ? `+${ms(c.costMs)}` : 'none']),
      });
      if (d.conflictsCostMs !== undefined) blocks.push({ type: 'text', text: `All conflicts together: ${d.conflictsCostMs > 0 ? `+${ms(d.conflictsCostMs)}` : 'no cost'} on ${ms(d.makespanMs)}` });
    }
  }
  blocks.push(...recommendationBlocks(d.recommendations, d.sections));
  return blocks;
}

function recommendationBlocks(recommendations: readonly Recommendation[], sections: readonly string[]): Block[] {
  const shown = recommendations.filter((r) => sections.includes(r.section));
  return [
    { type: 'heading', text: 'Recommendations' },
    shown.length ? { type: 'list', items: shown.map((r) => r.text) } : { type: 'text', text: 'Nothing to recommend: no change simulated cuts 5% or more.' },
  ];
}

// ---- output -----------------------------------------------------------------

function toText(blocks: readonly Block[], style: Style): string {
  const out: string[] = [];
  let previous: Block['type'] | undefined;
  for (const b of blocks) {
    // Two tables in a row would read as one.
    if (b.type === 'table' && previous === 'table') out.push('');
    previous = b.type;
    if (b.type === 'title') out.push(style.bold(b.text));
    else if (b.type === 'heading') out.push('', style.bold(b.text));
    else if (b.type === 'text') out.push(b.text);
    else if (b.type === 'list') out.push(...b.items.map((item) => `  • ${item}`));
    else out.push(renderTable(b.headers, b.rows));
  }
  return out.join('\n');
}

function toMarkdown(blocks: readonly Block[]): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const out: string[] = [];
  for (const b of blocks) {
    if (b.type === 'title') out.push(`# ${b.text}`, '');
    else if (b.type === 'heading') out.push(`## ${b.text}`, '');
    else if (b.type === 'text') out.push(b.text, '');
    else if (b.type === 'list') out.push(...b.items.map((item) => `- ${item}`), '');
    else {
      out.push(`| ${b.headers.map(cell).join(' | ')} |`, `|${b.headers.map(() => '---').join('|')}|`);
      for (const row of b.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
      out.push('');
    }
  }
  return out.join('\n').trimEnd();
}
