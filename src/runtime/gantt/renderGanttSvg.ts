/**
 * A Gantt chart of a schedule (predicted or real) as a standalone SVG: one
 * row per agent, one bar per ticket attempt, coloured by agent type, the
 * critical path outlined, a time axis, and a tooltip (`<title>`) per bar.
 * Pure: schedule in, text out; used by `tpe simulate` and the reports.
 */
import { formatDuration } from '../../plan/formatDuration.js';

export interface GanttBar {
  ticket: string;
  agent: string;
  agentType: string;
  start: number;
  end: number;
  /** `completed`, `failed`, … (failed bars are hatched red). */
  state?: string;
  /** Outlined: on the critical path. */
  critical?: boolean;
  title?: string;
}

export interface GanttOptions {
  title: string;
  subtitle?: string;
  width?: number;
}

const PALETTE = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];
const ROW = 22;
const LABEL = 110;
const TOP = 56;

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A pleasant step for the time axis: about 8 ticks over `span`. */
function tickStep(span: number): number {
  const raw = Math.max(1, span / 8);
  const steps = [1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 21_600_000, 43_200_000, 86_400_000];
  return steps.find((s) => s >= raw) ?? raw;
}

export function renderGanttSvg(bars: readonly GanttBar[], options: GanttOptions): string {
  const width = Math.max(480, options.width ?? 1100);
  const agents = [...new Set(bars.map((b) => b.agent))].sort();
  const types = [...new Set(bars.map((b) => b.agentType))].sort();
  const color = new Map(types.map((t, i) => [t, PALETTE[i % PALETTE.length] as string]));
  // Loops, not Math.min(...spread): a spread of 100,000 bars overflows the stack.
  let t0 = bars.length ? Number.POSITIVE_INFINITY : 0;
  let t1 = bars.length ? Number.NEGATIVE_INFINITY : 1;
  for (const b of bars) {
    t0 = Math.min(t0, b.start);
    t1 = Math.max(t1, b.end);
  }
  const span = Math.max(1, t1 - t0);
  const plot = width - LABEL - 20;
  const x = (t: number) => LABEL + ((t - t0) / span) * plot;
  const height = TOP + agents.length * ROW + 50;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-sans-serif, system-ui, sans-serif" font-size="12">`,
    '<defs><pattern id="failed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#e15759"/></pattern></defs>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="15" font-weight="600">${escape(options.title)}</text>`,
  );
  if (options.subtitle) out.push(`<text x="12" y="40" fill="#555">${escape(options.subtitle)}</text>`);
  // Time axis: ticks and light grid lines.
  const step = tickStep(span);
  for (let t = 0; t <= span + 1e-9; t += step) {
    const gx = x(t0 + t).toFixed(1);
    out.push(`<line x1="${gx}" y1="${TOP - 4}" x2="${gx}" y2="${TOP + agents.length * ROW}" stroke="#eee"/>`);
    out.push(`<text x="${gx}" y="${TOP + agents.length * ROW + 16}" text-anchor="middle" fill="#666">${escape(formatDuration(t))}</text>`);
  }
  agents.forEach((agent, row) => {
    const y = TOP + row * ROW;
    out.push(`<text x="${LABEL - 8}" y="${y + ROW / 2 + 4}" text-anchor="end" fill="#333">${escape(agent)}</text>`);
  });
  const rowOf = new Map(agents.map((a, i) => [a, i]));
  for (const b of [...bars].sort((p, q) => p.start - q.start || p.ticket.localeCompare(q.ticket))) {
    const y = TOP + (rowOf.get(b.agent) ?? 0) * ROW + 3;
    const bx = x(b.start);
    const bw = Math.max(1, x(b.end) - bx);
    const fill = b.state === 'failed' ? 'url(#failed)' : (color.get(b.agentType) ?? '#999');
    const title = b.title ?? `${b.ticket} on ${b.agent} (${b.agentType}): ${formatDuration(b.start - t0)} → ${formatDuration(b.end - t0)}, ${formatDuration(b.end - b.start)}`;
    out.push(
      `<g><title>${escape(title)}</title><rect x="${bx.toFixed(1)}" y="${y}" width="${bw.toFixed(1)}" height="${ROW - 6}" rx="3" fill="${fill}"${b.critical ? ' stroke="#111" stroke-width="2"' : ''}/>`,
    );
    // A label only where it fits (about 7 px per character).
    if (bw > b.ticket.length * 7 + 6) out.push(`<text x="${(bx + 4).toFixed(1)}" y="${y + ROW / 2 + 1}" fill="#fff">${escape(b.ticket)}</text>`);
    out.push('</g>');
  }
  // Legend: agent types, and what an outline means.
  let lx = LABEL;
  const ly = height - 14;
  for (const t of types) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="${color.get(t)}"/><text x="${lx + 16}" y="${ly}" fill="#333">${escape(t)}</text>`);
    lx += 24 + t.length * 7;
  }
  if (bars.some((b) => b.critical)) out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="#fff" stroke="#111" stroke-width="2"/><text x="${lx + 16}" y="${ly}" fill="#333">critical path</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** The chart as one self-contained HTML page (no external assets). */
export function renderGanttHtml(bars: readonly GanttBar[], options: GanttOptions & { details?: string }): string {
  const svg = renderGanttSvg(bars, options);
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escape(options.title)}</title>`,
    '<style>body{font-family:ui-sans-serif,system-ui,sans-serif;margin:24px;color:#222}svg{max-width:100%;height:auto;border:1px solid #ddd}pre{background:#f6f6f6;padding:12px;overflow:auto}</style>',
    '</head><body>',
    svg,
    options.details ? `<pre>${escape(options.details)}</pre>` : '',
    '</body></html>',
    '',
  ].join('\n');
}
