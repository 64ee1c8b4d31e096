/**
 * The run report as CSV: one row per ticket, RFC 4180 (a header row, CRLF
 * line ends, a field quoted when it holds a comma, a quote or a line break,
 * quotes doubled). Times are ISO 8601 UTC, durations whole milliseconds.
 */
import { problemOf } from './reportBlocks.js';
import type { ReportTicket, RunReport } from './reportTypes.js';

export const CSV_COLUMNS = [
  'id',
  'title',
  'priority',
  'agent_type',
  'agent',
  'state',
  'attempts',
  'started',
  'ended',
  'duration_ms',
  'estimate_ms',
  'ratio',
  'wait_ms',
  'error',
] as const;

/** One field, quoted when RFC 4180 asks for it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

const iso = (t: number | undefined) => (t === undefined || !Number.isFinite(t) ? '' : new Date(t).toISOString());

function row(t: ReportTicket): string[] {
  return [
    t.id,
    t.title,
    t.priority,
    t.agentType,
    t.agentId ?? '',
    t.state,
    String(t.attempts),
    iso(t.startedAt),
    iso(t.endedAt),
    t.attempts > 0 ? String(Math.round(t.durationMs)) : '',
    t.estimateMs === undefined ? '' : String(Math.round(t.estimateMs)),
    t.ratio === undefined ? '' : t.ratio.toFixed(3),
    String(Math.round(t.waitMs)),
    // A completed ticket's last error is that of an attempt it retried: not an error of the ticket.
    t.state === 'completed' ? '' : problemOf(t),
  ];
}

export function renderCsv(report: RunReport): string {
  const lines = [CSV_COLUMNS.join(','), ...report.tickets.map((t) => row(t).map(csvField).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
