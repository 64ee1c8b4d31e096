/**
 * The run report as one self-contained HTML file: inline CSS, the Gantt
 * chart as inline SVG, no script, no external URL; a light theme that
 * prints (the navigation is left out of print, tables break between rows).
 */
import { formatDuration } from '../../plan/formatDuration.js';
import { headline, offset, problemOf, reportBlocks, type Align, type ReportBlock, type ReportBlockOptions } from './reportBlocks.js';
import { renderReportGantt } from './reportGantt.js';
import type { RunReport } from './reportTypes.js';

/** Most tickets listed; beyond, the page would weigh more than it tells (every ticket: csv or json). */
export const HTML_MAX_TICKETS = 5000;
/** The ticket list starts folded above this many tickets. */
const OPEN_TICKETS = 200;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Escaped text, with `code` spans as in the markdown. */
const inline = (s: string) => escape(s).replace(/`([^`]+)`/g, '<code>$1</code>');

const STYLE = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2328; font: 14px/1.45 ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 22px; margin: 0 0 6px; }
h2 { font-size: 17px; margin: 30px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #d8dee4; }
p { margin: 6px 0 10px; }
nav { margin: 10px 0 4px; font-size: 13px; }
nav a { color: #0550ae; text-decoration: none; margin-right: 14px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d8dee4; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; font-weight: 600; }
tbody tr:nth-child(even) td { background: #fbfcfd; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.summary td:first-child { font-weight: 600; background: #f6f8fa; white-space: nowrap; }
table.problems td:last-child, code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
code { background: #f6f8fa; padding: 0 3px; border-radius: 3px; }
.badge { display: inline-block; padding: 1px 9px; border-radius: 10px; font-weight: 600; font-size: 12px; }
.ok { background: #dafbe1; color: #116329; }
.bad { background: #ffebe9; color: #a40e26; }
.warn { background: #fff8c5; color: #7d4e00; }
.info { background: #ddf4ff; color: #0550ae; }
td.state-failed, td.state-blocked { color: #a40e26; font-weight: 600; }
td.state-cancelled, td.state-interrupted { color: #6e7781; }
ul.advice li { margin: 4px 0; }
figure { margin: 8px 0 16px; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; border: 1px solid #d8dee4; }
details > summary { cursor: pointer; color: #0550ae; margin: 6px 0; }
footer { margin-top: 36px; color: #6e7781; font-size: 12px; }
@media print {
  body { font-size: 11px; }
  main { max-width: none; padding: 0; }
  nav { display: none; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  @page { margin: 14mm; }
}
`;

function badgeClass(status: string): string {
  if (status === 'completed') return 'ok';
  if (status === 'failed' || status === 'crashed') return 'bad';
  if (status === 'stopped' || status === 'paused' || status === 'pausing' || status === 'stopping') return 'warn';
  return 'info';
}

function table(headers: readonly string[], rows: readonly (readonly string[])[], align?: readonly Align[], cls?: string, stateColumn?: number): string {
  const a = (i: number) => (align?.[i] === 'right' ? ' class="num"' : '');
  const head = headers.every((h) => h === '') ? '' : `<thead><tr>${headers.map((h, i) => `<th${a(i)}>${escape(h)}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((row) => `<tr>${row.map((c, i) => (i === stateColumn ? `<td class="state-${escape(c.split(' ')[0] ?? '')}">${inline(c)}</td>` : `<td${a(i)}>${inline(c)}</td>`)).join('')}</tr>`)
    .join('\n');
  return `<table${cls ? ` class="${cls}"` : ''}>${head}<tbody>\n${body}\n</tbody></table>`;
}

function ticketsHtml(report: RunReport): string {
  const start = report.run.startedAt;
  const shown = report.tickets.slice(0, HTML_MAX_TICKETS);
  const rows = shown.map((t) => [
    t.id,
    t.title,
    t.priority,
    t.agentType,
    t.agentId ?? '-',
    t.settled ? `${t.state} (before the run)` : t.state,
    String(t.attempts),
    offset(t.startedAt, start),
    offset(t.endedAt, start),
    t.attempts > 0 ? formatDuration(t.durationMs) : '-',
    t.estimateMs === undefined ? '-' : formatDuration(t.estimateMs),
    t.ratio === undefined ? '-' : `${t.ratio.toFixed(2)}×`,
    t.waitMs > 0 ? formatDuration(t.waitMs) : '-',
    t.state === 'completed' ? '' : problemOf(t),
  ]);
  const align: Align[] = ['left', 'left', 'left', 'left', 'left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'];
  const more = report.tickets.length > shown.length ? `<p>… and ${report.tickets.length - shown.length} more: every ticket is in <code>tpe report --format csv</code> (or json).</p>` : '';
  return [
    `<details${report.tickets.length <= OPEN_TICKETS ? ' open' : ''}><summary>${report.tickets.length} tickets, in plan order (times from the run's start; duration = time holding an agent over all attempts; waited = ready but not started)</summary>`,
    table(['Ticket', 'Title', 'Priority', 'Agent type', 'Agent', 'State', 'Attempts', 'Started', 'Ended', 'Duration', 'Estimate', 'Ratio', 'Waited', 'Error or reason'], rows, align, undefined, 5),
    more,
    '</details>',
  ].join('\n');
}

function htmlOf(b: ReportBlock, report: RunReport): string {
  switch (b.type) {
    case 'title':
      return `<h1>${escape(b.text)}</h1>`;
    case 'heading':
      return `<h2 id="${escape(b.id)}">${escape(b.text)}</h2>`;
    case 'text':
      return `<p>${inline(b.text)}</p>`;
    case 'list':
      return `<ul class="advice">${b.items.map((item) => `<li>${inline(item)}</li>`).join('\n')}</ul>`;
    case 'table':
      return table(b.headers, b.rows, b.align, b.class, b.headers[1] === 'State' ? 1 : undefined);
    case 'gantt':
      return report.gantt.bars.length === 0 ? '<p>No ticket ran: nothing to draw.</p>' : `<figure>\n${renderReportGantt(report, { inline: true })}</figure>`;
    case 'tickets':
      return ticketsHtml(report);
  }
}

export function renderHtml(report: RunReport, options: ReportBlockOptions = {}): string {
  const blocks = reportBlocks(report, options);
  const { run } = report;
  const body: string[] = [];
  for (const [i, b] of blocks.entries()) {
    // The headline as a badge under the title; the table of contents after it.
    if (i === 1 && b.type === 'text') {
      body.push(`<p><span class="badge ${badgeClass(run.status)}">${escape(run.live ? `${run.status} (live)` : run.status)}</span> ${escape(headline(report))}</p>`);
      const headings = blocks.filter((x): x is Extract<ReportBlock, { type: 'heading' }> => x.type === 'heading');
      body.push(`<nav>${headings.map((h) => `<a href="#${escape(h.id)}">${escape(h.text.replace(/:.*$/, ''))}</a>`).join('')}</nav>`);
      continue;
    }
    body.push(htmlOf(b, report));
  }
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escape(`Run report: ${run.id} (${run.planName})`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    `<footer>Made by <code>tpe report</code> from the run store (.tpe/tpe.db). Every ticket: <code>tpe report ${escape(run.id)} --format csv</code>; the whole model: <code>--format json</code>.</footer>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
