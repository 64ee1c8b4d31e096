/**
 * The run report as a list of blocks (headings, text, tables, the chart),
 * made once from the model: the markdown and HTML renderers draw the same
 * blocks, so the two formats always say the same.
 */
import { formatDuration } from '../../plan/formatDuration.js';
import { describeWaitCauses } from '../diagnose/describeChain.js';
import type { ReportTicket, RunReport } from './reportTypes.js';

export type Align = 'left' | 'right';

export type ReportBlock =
  | { type: 'title'; text: string }
  | { type: 'heading'; text: string; id: string }
  | { type: 'text'; text: string }
  | { type: 'list'; items: string[] }
  | { type: 'table'; headers: string[]; rows: string[][]; align?: Align[]; class?: string }
  /** The Gantt chart of the actual schedule. */
  | { type: 'gantt' }
  /** Every ticket (the HTML report only: markdown points to the CSV). */
  | { type: 'tickets' };

export interface ReportBlockOptions {
  /** Most rows of a per-agent or per-ticket table. @default 25 */
  limit?: number;
}

export const ms = (n: number) => formatDuration(n);
export const pct = (x: number) => `${Math.round(x * 100)}%`;
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
/** `2026-11-28 03:12:07 UTC`. */
export const when = (t: number | undefined) => (t === undefined || !Number.isFinite(t) ? '-' : `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`);
/** Time since the run's start: `+1m 20s`. */
export const offset = (t: number | undefined, start: number) => (t === undefined ? '-' : `+${formatDuration(t - start)}`);
const list = (ids: readonly string[], max = 4) => (ids.length > max ? `${ids.slice(0, max).join(', ')} +${ids.length - max}` : ids.join(', ') || '-');

/** A ticket's error in one line: `EXIT_CODE: command exited with code 3`, or why it was blocked or cancelled. */
export function problemOf(t: ReportTicket): string {
  if (t.settled) return t.state === 'completed' ? '' : `${t.state} in the registry before the run`;
  // The machine keeps the failed dependency's id as a blocked ticket's reason.
  if (t.state === 'blocked') return `dependency ${t.reason ?? '?'} did not complete`;
  if (t.state === 'cancelled') return t.reason ?? 'cancelled';
  if (t.error) return `${t.error.code}: ${t.error.message}`;
  return t.reason ?? '';
}

/** The run's headline: status, duration, counts. */
export function headline(r: RunReport): string {
  const { run, metrics: m } = r;
  const others = Object.entries(run.counts)
    .filter(([state]) => state !== 'completed')
    .map(([state, n]) => `${n} ${state}`);
  return `${run.live ? `${run.status} (live, as of ${when(run.asOf)})` : run.status} after ${ms(run.wallMs)}: ${m.completed_tickets}/${m.total_tickets} completed${others.length ? `, ${others.join(', ')}` : ''}`;
}

export function reportBlocks(r: RunReport, options: ReportBlockOptions = {}): ReportBlock[] {
  const limit = options.limit ?? 25;
  const { run, metrics: m } = r;
  const byId = new Map(r.tickets.map((t) => [t.id, t]));
  const blocks: ReportBlock[] = [{ type: 'title', text: `Run report: ${run.id} (${run.planName})` }, { type: 'text', text: headline(r) }];

  // ---- the run
  const e = run.estimate;
  const summary: string[][] = [
    ['Run', run.id],
    ['Plan', `${run.planName} (${run.planFile})`],
    ['Strategy', run.strategy],
    ['Agents', run.agents.map((a) => `${a.count} ${a.type}`).join(', ') || '-'],
    ['State', run.live ? `${run.status} (live)` : run.status],
    ['Started', when(run.startedAt)],
    ['Ended', run.endedAt === undefined ? (run.live ? `not yet (as of ${when(run.asOf)})` : `never recorded (last seen ${when(run.asOf)})`) : when(run.endedAt)],
    ['Duration', `${ms(run.wallMs)}${run.live ? ' so far' : ''}`],
  ];
  // Duration against the estimate only means something once every ticket has finished.
  const unfinished = r.byPriority.reduce((n, p) => n + p.unfinished, 0);
  if (e && unfinished === 0) {
    const sign = e.deltaMs >= 0 ? '+' : '−';
    summary.push(
      ['Estimated', `${ms(e.makespanMs)} (the plan simulated from its estimates, as \`tpe run --dry-run\` predicts): actual ${e.ratio.toFixed(2)}× (${sign}${ms(Math.abs(e.deltaMs))})`],
      ['Lower bound', `${ms(e.lowerBoundMs)} (max of the critical path ${ms(e.criticalPathMs)} and work ÷ agents): actual ${e.lowerBoundRatio.toFixed(2)}×`],
    );
  } else if (e) {
    summary.push(
      ['Estimated', `${ms(e.makespanMs)} for the whole plan (simulated from its estimates, as \`tpe run --dry-run\` predicts); ${plural(unfinished, 'ticket')} not finished, so no comparison`],
      ['Lower bound', `${ms(e.lowerBoundMs)} (max of the critical path ${ms(e.criticalPathMs)} and work ÷ agents)`],
    );
  }
  summary.push(['Tickets', `${m.completed_tickets}/${m.total_tickets} completed, ${m.failed_tickets} failed, ${m.blocked_tickets} blocked, ${m.cancelled_tickets} cancelled`], ['Report generated', when(r.generatedAt)]);
  blocks.push({ type: 'heading', text: 'Run', id: 'run' }, { type: 'table', headers: ['', ''], rows: summary, class: 'summary' });

  // ---- the seed's metrics
  blocks.push({ type: 'heading', text: 'Execution metrics', id: 'metrics' });
  const metricRows: string[][] = [
    ['total_tickets', String(m.total_tickets), ''],
    ['completed_tickets', String(m.completed_tickets), ''],
    ['failed_tickets', String(m.failed_tickets), ''],
    ['blocked_tickets', String(m.blocked_tickets), 'a dependency failed'],
    ['cancelled_tickets', String(m.cancelled_tickets), ''],
    ['average_execution_time', ms(m.average_execution_time), 'mean time holding an agent, over tickets that ran'],
    ['parallelism_factor', m.parallelism_factor.toFixed(2), 'Σ ticket durations ÷ wall time'],
    ['parallelism_efficiency', pct(m.parallelism_efficiency), `parallelism factor ÷ ${plural(m.agents, 'agent')}`],
    ...Object.entries(m.resource_utilization).map(([name, u]) => [`resource_utilization.${name}`, pct(u), 'units × time held ÷ (capacity × wall time)']),
    ['conflict_resolution_time', ms(m.conflict_resolution_time), 'Σ time ready tickets were passed over for a conflict, a resource or isolation, until they started (all waits: below)'],
    ['wall_time', ms(m.wall_time), ''],
    ['agents', String(m.agents), ''],
  ];
  blocks.push({ type: 'table', headers: ['Metric', 'Value', 'Meaning'], rows: metricRows, align: ['left', 'right', 'left'] });
  // The engine times a ticket from inside (assignment to release); the journal, from its transitions.
  blocks.push({ type: 'text', text: "From the run store's journal: the summary `tpe run` printed, timed inside the engine, may differ by a few milliseconds per ticket." });

  // ---- completion by priority
  blocks.push({ type: 'heading', text: 'Completion by priority', id: 'priorities' });
  blocks.push({
    type: 'table',
    headers: ['Priority', 'Total', 'Completed', 'Failed', 'Blocked', 'Cancelled', 'Not finished', 'Completed %'],
    rows: r.byPriority.filter((p) => p.total > 0).map((p) => [p.priority, String(p.total), String(p.completed), String(p.failed), String(p.blocked), String(p.cancelled), String(p.unfinished), pct(p.completedShare)]),
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });

  // ---- agents
  blocks.push({ type: 'heading', text: 'Agent performance', id: 'agents' });
  blocks.push({
    type: 'table',
    headers: ['Agent type', 'Agents', 'Tickets', 'Attempts', 'Busy', 'Utilization', 'Failures', 'Mean attempt', 'Waited for an agent'],
    rows: r.agentTypes.map((a) => [a.type, String(a.agents), String(a.tickets), String(a.attempts), ms(a.busyMs), pct(a.utilization), String(a.failures), a.attempts > 0 ? ms(a.meanMs) : '-', a.waitedForAgentMs > 0 ? ms(a.waitedForAgentMs) : '-']),
    align: ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  blocks.push({
    type: 'table',
    headers: ['Agent', 'Type', 'Tickets', 'Attempts', 'Busy', 'Utilization', 'Failures', 'Mean attempt'],
    rows: r.agents.slice(0, limit).map((a) => [a.id, a.type, String(a.tickets), String(a.attempts), ms(a.busyMs), pct(a.utilization), String(a.failures), a.attempts > 0 ? ms(a.meanMs) : '-']),
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right'],
  });
  if (r.agents.length > limit) blocks.push({ type: 'text', text: `… and ${plural(r.agents.length - limit, 'more agent')} (every agent: --format json)` });

  // ---- conflicts and resources
  blocks.push({ type: 'heading', text: 'Conflicts and resources', id: 'conflicts' });
  const w = r.waiting;
  blocks.push({
    type: 'text',
    text: `Summed over tickets: ${ms(w.dependencyMs)} waiting on dependencies, ${ms(w.readyMs)} ready but not started${w.readyMs > 0 ? ` (${describeWaitCauses(w.byCause)})` : ''}.`,
  });
  if (r.contended.length === 0) blocks.push({ type: 'text', text: 'No ticket waited on a conflict, a resource or an isolated ticket.' });
  else {
    blocks.push({
      type: 'table',
      headers: ['What serialised work', 'Kind', 'Waited', 'Waiting', 'Held by', 'Run without it'],
      rows: r.contended.map((c) => [c.label, c.kind, ms(c.waitedMs), list(c.waiters), list(c.holders), c.withoutMs === undefined ? '-' : ms(c.withoutMs)]),
      align: ['left', 'left', 'right', 'left', 'left', 'right'],
    });
  }
  if (r.resources.length > 0) {
    blocks.push({
      type: 'table',
      headers: ['Resource', 'Capacity', 'Used by', 'Held', 'Utilization', 'Tickets waited'],
      rows: r.resources.map((x) => [x.name, String(x.capacity), plural(x.users, 'ticket'), ms(x.heldMs), pct(x.utilization), x.waitedMs > 0 ? ms(x.waitedMs) : '-']),
      align: ['left', 'right', 'right', 'right', 'right', 'right'],
    });
  }

  // ---- failures and retries
  blocks.push({ type: 'heading', text: 'Failed and blocked tickets', id: 'failures' });
  const problems = r.problems.map((id) => byId.get(id)).filter((t): t is ReportTicket => t !== undefined);
  if (problems.length === 0) blocks.push({ type: 'text', text: 'None.' });
  else {
    blocks.push({
      type: 'table',
      headers: ['Ticket', 'State', 'Priority', 'Agent', 'Attempts', 'Error or reason', 'Log file'],
      rows: problems.slice(0, limit * 4).map((t) => [t.id, t.state, t.priority, t.agentId ?? t.agentType, String(t.attempts), problemOf(t) || '-', t.logFile ?? '-']),
      align: ['left', 'left', 'left', 'left', 'right', 'left', 'left'],
      class: 'problems',
    });
    if (problems.length > limit * 4) blocks.push({ type: 'text', text: `… and ${plural(problems.length - limit * 4, 'more')} (every ticket: --format csv)` });
  }
  blocks.push({ type: 'heading', text: 'Tickets that retried', id: 'retries' });
  const retried = r.retried.map((id) => byId.get(id)).filter((t): t is ReportTicket => t !== undefined);
  if (retried.length === 0) blocks.push({ type: 'text', text: 'None: every attempt that ended passed, or failed for good.' });
  else {
    blocks.push({
      type: 'table',
      headers: ['Ticket', 'Attempts', 'Retries', 'Backoff', 'Outcome', 'Last error', 'Log file'],
      rows: retried.slice(0, limit * 4).map((t) => [t.id, String(t.attempts), String(t.retries), t.backoffMs > 0 ? ms(t.backoffMs) : '-', t.state, t.error ? `${t.error.code}: ${t.error.message}` : '-', t.logFile ?? '-']),
      align: ['left', 'right', 'right', 'right', 'left', 'left', 'left'],
      class: 'problems',
    });
  }

  // ---- estimates
  const acc = r.estimates;
  blocks.push({ type: 'heading', text: 'Actual against estimate', id: 'estimates' });
  blocks.push({
    type: 'text',
    text:
      acc.measured > 0
        ? `Actual ÷ estimate ${acc.ratio.toFixed(2)} over ${plural(acc.measured, 'completed ticket')} (${ms(acc.actualMs)} for ${ms(acc.estimatedMs)} estimated; actual = time holding an agent, over all attempts).`
        : 'No completed ticket had an estimate.',
  });
  if (acc.worst.length > 0) {
    blocks.push({
      type: 'table',
      headers: ['Ticket', 'Estimate', 'Actual', 'Ratio', 'Missed by'],
      rows: acc.worst.map((x) => [x.id, ms(x.estimateMs), ms(x.actualMs), `${x.ratio.toFixed(2)}×`, `${x.actualMs >= x.estimateMs ? '+' : '−'}${ms(Math.abs(x.actualMs - x.estimateMs))}`]),
      align: ['left', 'right', 'right', 'right', 'right'],
    });
  }
  if (acc.missing.length > 0) blocks.push({ type: 'text', text: `Without an estimate: ${list(acc.missing, 10)}` });

  // ---- critical chain
  const chain = r.criticalChain;
  blocks.push({ type: 'heading', text: `Critical chain: what the end waited for (${ms(chain.totalMs)})`, id: 'chain' });
  if (!chain.path) blocks.push({ type: 'text', text: 'No ticket ran: there is no chain.' });
  else {
    blocks.push({ type: 'text', text: chain.path });
    blocks.push({
      type: 'table',
      headers: ['Ticket', 'On the chain', 'Share'],
      rows: chain.tickets.slice(0, 10).map((t) => [t.id, ms(t.ms), pct(t.share)]),
      align: ['left', 'right', 'right'],
    });
  }

  // ---- advice
  blocks.push({ type: 'heading', text: 'Recommendations', id: 'recommendations' });
  blocks.push(r.recommendations.length ? { type: 'list', items: r.recommendations.map((x) => x.text) } : { type: 'text', text: 'Nothing to recommend: no change simulated cuts 5% or more.' });

  // ---- the schedule
  blocks.push({ type: 'heading', text: 'Gantt chart: the actual schedule', id: 'gantt' }, { type: 'gantt' });
  blocks.push({ type: 'heading', text: 'Tickets', id: 'tickets' }, { type: 'tickets' });
  return blocks;
}
