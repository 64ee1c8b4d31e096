/**
 * The run report as markdown: tables, and the Gantt chart as a mermaid
 * block (GitHub and most markdown viewers draw it; the HTML report draws it
 * as SVG).
 */
import type { ReportBar, ReportTicket, RunReport } from './reportTypes.js';
import { ms, offset, reportBlocks, type ReportBlock, type ReportBlockOptions } from './reportBlocks.js';

/** Most attempts drawn in the mermaid chart; beyond, the chart would be unreadable. */
export const MERMAID_MAX_BARS = 200;
/** Most tickets listed in the markdown table (every ticket: csv, json or html). */
export const MARKDOWN_MAX_TICKETS = 100;

export function renderMarkdown(report: RunReport, options: ReportBlockOptions = {}): string {
  const out: string[] = [];
  for (const b of reportBlocks(report, options)) out.push(...markdownOf(b, report));
  return `${out.join('\n').trimEnd()}\n`;
}

const cell = (s: string) => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, ' ');

function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly string[]): string[] {
  const rule = headers.map((_, i) => (align?.[i] === 'right' ? '---:' : '---'));
  const head = headers.every((h) => h === '') ? `|${headers.map(() => ' ').join('|')}|` : `| ${headers.map(cell).join(' | ')} |`;
  return [head, `|${rule.join('|')}|`, ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`), ''];
}

function markdownOf(b: ReportBlock, report: RunReport): string[] {
  switch (b.type) {
    case 'title':
      return [`# ${b.text}`, ''];
    case 'heading':
      return [`## ${b.text}`, ''];
    case 'text':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((item) => `- ${item}`), ''];
    case 'table':
      return table(b.headers, b.rows, b.align);
    case 'gantt':
      return mermaidGantt(report);
    case 'tickets':
      return ticketTable(report);
  }
}

function ticketTable(report: RunReport): string[] {
  const shown = report.tickets.slice(0, MARKDOWN_MAX_TICKETS);
  const start = report.run.startedAt;
  const rows = shown.map((t: ReportTicket) => [
    t.id,
    t.title,
    t.priority,
    t.agentId ?? t.agentType,
    t.settled ? `${t.state} (before the run)` : t.state,
    String(t.attempts),
    offset(t.startedAt, start),
    offset(t.endedAt, start),
    t.attempts > 0 ? ms(t.durationMs) : '-',
    t.estimateMs === undefined ? '-' : ms(t.estimateMs),
    t.ratio === undefined ? '-' : `${t.ratio.toFixed(2)}×`,
    t.waitMs > 0 ? ms(t.waitMs) : '-',
  ]);
  const out = table(['Ticket', 'Title', 'Priority', 'Agent', 'State', 'Attempts', 'Started', 'Ended', 'Duration', 'Estimate', 'Ratio', 'Waited'], rows, [
    'left',
    'left',
    'left',
    'left',
    'left',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
    'right',
  ]);
  out.unshift('Times from the run\'s start; duration = time holding an agent over all attempts; waited = ready but not started.', '');
  if (report.tickets.length > shown.length) out.push(`… and ${report.tickets.length - shown.length} more: every ticket is in \`tpe report --format csv\` (or json, or html).`, '');
  return out;
}

/** Characters mermaid's gantt syntax gives a meaning to, in a task or section name. */
const mermaidName = (s: string) => s.replace(/[:;#\n\r]/g, '-');

const TAGS: Record<ReportBar['outcome'], string> = {
  completed: 'done, ',
  retried: 'crit, ',
  failed: 'crit, ',
  interrupted: '',
  cancelled: '',
  running: 'active, ',
};

/** The actual schedule as a mermaid gantt: a section per agent, a task per attempt (done, crit: failed, active: running). */
export function mermaidGantt(report: RunReport): string[] {
  const { bars, lanes } = report.gantt;
  if (bars.length === 0) return ['No ticket ran: nothing to draw.', ''];
  if (bars.length > MERMAID_MAX_BARS) return [`${bars.length} attempts: too many to draw here; \`tpe report --format html\` draws them all.`, ''];
  const span = report.gantt.end - report.gantt.start;
  // Wall-clock times (the viewer's time zone): `dateFormat x` reads epoch milliseconds.
  const axis = span < 3_600_000 ? '%H:%M:%S' : span < 86_400_000 ? '%H:%M' : '%d %H:%M';
  const out = ['```mermaid', 'gantt', `  title ${mermaidName(`Actual schedule of ${report.run.planName} (${report.run.id})`)}`, '  dateFormat x', `  axisFormat ${axis}`];
  const order = new Map(lanes.map((l, i) => [l.id, i]));
  const byLane = new Map<string, ReportBar[]>();
  for (const b of bars) byLane.set(b.agentId, [...(byLane.get(b.agentId) ?? []), b]);
  const agents = [...byLane.keys()].sort((a, b) => (order.get(a) ?? Number.MAX_SAFE_INTEGER) - (order.get(b) ?? Number.MAX_SAFE_INTEGER) || (a < b ? -1 : 1));
  for (const agent of agents) {
    out.push(`  section ${mermaidName(agent)}`);
    for (const b of byLane.get(agent) ?? []) {
      const name = b.attempt > 1 ? `${b.ticket} (attempt ${b.attempt})` : b.ticket;
      // A zero-length task would not show: at least a millisecond.
      out.push(`  ${mermaidName(name)} :${TAGS[b.outcome]}${Math.round(b.from)}, ${Math.max(Math.round(b.to), Math.round(b.from) + 1)}`);
    }
  }
  out.push('```', '', 'Done: completed; crit: failed (or failed and retried); active: still running. The HTML report (`--format html`) draws the same schedule as SVG.', '');
  return out;
}
