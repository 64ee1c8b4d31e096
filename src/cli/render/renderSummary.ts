/**
 * The end-of-run summary: outcome, the seed's ExecutionMetrics, and every
 * ticket that did not complete with where to look.
 */
import { relative } from 'node:path';
import { formatDuration } from '../../plan/index.js';
import type { RunResult } from '../../runtime/runResult.js';
import { renderTable } from './renderTable.js';
import type { Style } from './style.js';

export function renderSummary(result: RunResult, style: Style, cwd = process.cwd()): string {
  const m = result.metrics;
  const status =
    result.status === 'completed' ? style.green('completed') : result.status === 'failed' ? style.red('failed') : style.yellow('stopped');
  const lines: string[] = [];
  lines.push(
    `${style.bold('Run')} ${result.runId} ${status} in ${formatDuration(m.wall_time)}: ` +
      `${m.completed_tickets}/${m.total_tickets} completed, ${m.failed_tickets} failed, ${m.blocked_tickets} blocked, ${m.cancelled_tickets} cancelled`,
  );
  lines.push('');
  lines.push(style.bold('Execution metrics'));
  const util = Object.entries(m.resource_utilization)
    .map(([r, u]) => `${r} ${(u * 100).toFixed(0)}%`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['total_tickets', String(m.total_tickets)],
    ['completed_tickets', String(m.completed_tickets)],
    ['failed_tickets', String(m.failed_tickets)],
    ['average_execution_time', formatDuration(m.average_execution_time)],
    ['parallelism_factor', m.parallelism_factor.toFixed(2)],
    ['parallelism_efficiency', `${(m.parallelism_efficiency * 100).toFixed(0)}% of ${m.agents} agents`],
    ['resource_utilization', util || '-'],
    ['conflict_resolution_time', formatDuration(m.conflict_resolution_time)],
  ];
  for (const [k, v] of rows) lines.push(`  ${k.padEnd(26)} ${v}`);
  const retried = result.tickets.filter((t) => t.state === 'completed' && t.attempts > 1);
  if (retried.length > 0) {
    lines.push('');
    lines.push(`${style.bold('Completed after retry')}: ${retried.map((t) => `${t.id} (${t.attempts} attempts)`).join(', ')}`);
  }
  const bad = result.tickets.filter((t) => t.state !== 'completed');
  if (bad.length > 0) {
    lines.push('');
    lines.push(style.bold('Not completed'));
    const shown = bad.slice(0, 50);
    lines.push(
      renderTable(
        ['Ticket', 'State', 'Attempts', 'Why', 'Log'],
        shown.map((t) => [
          t.id,
          t.state === 'failed' ? style.red(t.state) : style.yellow(t.state),
          String(t.attempts),
          t.state === 'blocked' ? `dependency ${t.reason ?? '?'} did not complete` : (t.error?.message ?? t.reason ?? ''),
          t.logFile ? relative(cwd, t.logFile) : '',
        ]),
      ),
    );
    if (bad.length > shown.length) lines.push(style.dim(`… and ${bad.length - shown.length} more (see --json)`));
  }
  return lines.join('\n');
}
