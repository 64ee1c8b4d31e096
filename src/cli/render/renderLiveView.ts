/**
 * The compact live view of `tpe run` on a terminal: progress, the agent
 * matrix, and why the next tickets wait. Pure: status in, text out.
 */
import { formatDuration } from '../../plan/index.js';
import type { WaitReason } from '../../runtime/dispatch/waitReason.js';
import type { EngineStatus } from '../../runtime/createEngine.js';
import { describeWait } from '../../runtime/dispatch/describeWait.js';
import { formatClock } from './formatClock.js';
import { renderTable } from './renderTable.js';
import type { Style } from './style.js';

export interface LiveViewInput {
  planName: string;
  status: EngineStatus;
  waits: ReadonlyArray<{ ticket: string; reason: WaitReason }>;
  idOf: (index: number) => string;
  width: number;
  maxAgents?: number;
  maxWaits?: number;
}

export function renderLiveView(input: LiveViewInput, style: Style): string {
  const { status, width } = input;
  const c = status.counts;
  const total = Object.values(c).reduce((a, b) => a + (b ?? 0), 0);
  const done = (c.completed ?? 0) + (c.failed ?? 0) + (c.blocked ?? 0) + (c.cancelled ?? 0);
  const elapsed = status.startedAt === undefined ? 0 : status.now - status.startedAt;
  const busy = status.agents.filter((a) => a.state === 'busy').length;
  const live = status.agents.filter((a) => a.state !== 'retired').length;
  const barWidth = Math.max(10, Math.min(40, width - 50));
  const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
  const bar = style.green('█'.repeat(filled)) + style.dim('░'.repeat(barWidth - filled));
  const lines = [
    `${style.bold('tpe')} ${input.planName} · ${status.runId} · ${status.state} · ${formatClock(elapsed)}`,
    `${bar} ${done}/${total} · ${style.green(`${c.completed ?? 0} completed`)}${c.failed ? ` · ${style.red(`${c.failed} failed`)}` : ''} · running agents ${busy}/${live} · ${(c.ready ?? 0) + (c.waiting ?? 0)} waiting`,
  ];
  const maxAgents = input.maxAgents ?? 12;
  const shown = status.agents.filter((a) => a.state !== 'retired').slice(0, maxAgents);
  lines.push(
    renderTable(
      ['Agent ID', 'Type', 'Ticket', 'Status', 'Progress', 'Elapsed'],
      shown.map((a) => [
        a.id,
        a.type,
        a.ticket ?? '-',
        a.state === 'busy' ? style.cyan('executing') : a.state,
        a.state === 'busy' ? `${Math.round(a.progress * 100)}%` : '-',
        a.state === 'busy' && a.since !== undefined ? formatDuration(status.now - a.since) : '-',
      ]),
    ),
  );
  if (status.agents.length > shown.length) lines.push(style.dim(`… ${status.agents.length - shown.length} more agents`));
  const waits = input.waits.slice(0, input.maxWaits ?? 5);
  if (waits.length > 0) {
    lines.push(style.bold('Waiting'));
    for (const w of waits) lines.push(`  ${w.ticket.padEnd(12)} ${describeWait(w.reason, input.idOf, status.now)}`);
    if (input.waits.length > waits.length) lines.push(style.dim(`  … ${input.waits.length - waits.length} more`));
  }
  return lines.join('\n');
}
