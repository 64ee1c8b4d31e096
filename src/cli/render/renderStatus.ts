/**
 * `tpe status` as text: the run's state and counts, the agent matrix (live
 * runs), what waits and why, and with --detailed every ticket not completed.
 */
import { formatDuration } from '../../plan/index.js';
import type { RunSnapshot } from '../../runtime/runSnapshot.js';
import { renderTable } from './renderTable.js';
import type { Style } from './style.js';

export function renderStatus(snap: RunSnapshot, opts: { style: Style; width: number; detailed: boolean; metrics: boolean }): string {
  const s = opts.style;
  const c = snap.counts;
  const done = (c.completed ?? 0) + (c.failed ?? 0) + (c.blocked ?? 0) + (c.cancelled ?? 0);
  const elapsed = snap.startedAt === undefined ? 0 : (snap.endedAt ?? snap.now) - snap.startedAt;
  const lines = [
    `${s.bold(snap.runId)} ${snap.planName} · ${snap.state}${snap.live ? ` (live, pid ${snap.pid})` : ''} · ${formatDuration(elapsed)}`,
    `${done}/${snap.total} done: ${c.completed ?? 0} completed, ${c.failed ?? 0} failed, ${c.blocked ?? 0} blocked, ${c.cancelled ?? 0} cancelled; ` +
      `${(c.executing ?? 0) + (c.validating ?? 0)} running, ${(c.ready ?? 0) + (c.waiting ?? 0) + (c.retrying ?? 0) + (c.held ?? 0) + (c.interrupted ?? 0)} to go`,
  ];
  if (snap.agents.length > 0) {
    lines.push('', s.bold('Agents'));
    lines.push(
      renderTable(
        ['Agent ID', 'Type', 'Ticket', 'Status', 'Progress', 'Done', 'Failed'],
        snap.agents.map((a) => [a.id, a.type, a.ticket ?? '-', a.state === 'busy' ? 'executing' : a.state, a.ticket ? `${Math.round(a.progress * 100)}%` : '-', String(a.completed), String(a.failed)]),
      ),
    );
  }
  if (snap.waits.length > 0) {
    lines.push('', s.bold('Waiting'));
    for (const w of snap.waits) lines.push(`  ${w.ticket.padEnd(12)} ${w.state.padEnd(11)} ${w.text}`);
  }
  if (opts.metrics) {
    lines.push('', s.bold('Metrics'));
    lines.push(`  velocity                 ${snap.velocityPerHour.toFixed(1)} tickets/hour`);
    lines.push(`  actual / estimate        ${snap.actualToEstimate.toFixed(2)}`);
    if (snap.etaMs !== undefined) lines.push(`  ETA                      ${formatDuration(snap.etaMs)}`);
    for (const r of snap.resources) lines.push(`  ${r.name.padEnd(24)} ${r.inUse}/${r.capacity}${r.holders.length ? ` held by ${r.holders.join(', ')}` : ''}`);
  }
  if (opts.detailed && snap.tickets) {
    const open = snap.tickets.filter((t) => t.state !== 'completed');
    lines.push('', s.bold(`Tickets not completed (${open.length})`));
    lines.push(renderTable(['Ticket', 'State', 'Attempt', 'Agent', 'Priority'], open.map((t) => [t.id, t.state, String(t.attempt), t.agentId ?? '-', t.priority])));
  }
  return lines.join('\n');
}
