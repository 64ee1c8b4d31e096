/**
 * A Gantt chart of a schedule (predicted or real) as a standalone SVG: one
 * row per agent, one bar per ticket attempt, coloured by agent type (an
 * attempt that did not complete hatched by its outcome), the critical path
 * outlined, a time axis, and a tooltip (`<title>`) per bar. Pure: schedule
 * in, text out; used by `tpe simulate` (a predicted schedule) and by the run
 * report (an actual one: `reportBars`).
 */
import { formatDuration } from '../../plan/formatDuration.js';

export interface GanttBar {
  ticket: string;
  agent: string;
  agentType: string;
  start: number;
  end: number;
  /**
   * How the attempt ended: `completed` (or undefined) is drawn in its agent
   * type's colour; `failed` is hatched red, `retried` (failed, then retried)
   * amber, `interrupted` and `cancelled` grey; `running` (a live run) is
   * pale with a dashed outline.
   */
  state?: string;
  /** Outlined: on the critical path. */
  critical?: boolean;
  title?: string;
}

export interface GanttOptions {
  title: string;
  subtitle?: string;
  width?: number;
  /** Where the time axis starts and ends (default: the first bar's start, the last bar's end). */
  start?: number;
  end?: number;
  /** Rows, in this order, also those without a bar (idle agents); agents of bars not listed are added after. */
  lanes?: readonly string[];
  /** Draw a dashed "now" line here (a live run). */
  now?: number;
  /**
   * For embedding in HTML: no `xmlns` attribute (an inline `<svg>` needs
   * none), and pattern ids prefixed `gantt-`, since ids are page-wide there.
   */
  inline?: boolean;
  /** Also explain the outcomes (failed, retried, interrupted, cancelled, running) some bar has in the legend. */
  outcomeLegend?: boolean;
}

/** Outcomes drawn with a pattern instead of the agent type's colour, and their legend labels. */
const OUTCOMES: ReadonlyArray<{ state: string; label: string; color: string }> = [
  { state: 'retried', label: 'failed, retried', color: '#d99a00' },
  { state: 'failed', label: 'failed', color: '#e15759' },
  { state: 'interrupted', label: 'interrupted', color: '#8c8c8c' },
  { state: 'cancelled', label: 'cancelled', color: '#8c8c8c' },
];
const hatched = (state: string | undefined) => state !== undefined && OUTCOMES.some((o) => o.state === state);

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
  const listed = options.lanes ?? [];
  const agents = [...new Set([...listed, ...[...new Set(bars.map((b) => b.agent))].filter((a) => !listed.includes(a)).sort()])];
  const types = [...new Set(bars.map((b) => b.agentType))].sort();
  const color = new Map(types.map((t, i) => [t, PALETTE[i % PALETTE.length] as string]));
  // Loops, not Math.min(...spread): a spread of 100,000 bars overflows the stack.
  let t0 = bars.length ? Number.POSITIVE_INFINITY : 0;
  let t1 = bars.length ? Number.NEGATIVE_INFINITY : 1;
  for (const b of bars) {
    t0 = Math.min(t0, b.start);
    t1 = Math.max(t1, b.end);
  }
  if (options.start !== undefined) t0 = options.start;
  if (options.end !== undefined) t1 = Math.max(t0, options.end);
  const span = Math.max(1, t1 - t0);
  const plot = width - LABEL - 20;
  const x = (t: number) => LABEL + ((t - t0) / span) * plot;
  const height = TOP + agents.length * ROW + 50;
  const pid = options.inline ? 'gantt-' : '';
  const out: string[] = [];
  out.push(
    `<svg${options.inline ? '' : ' xmlns="http://www.w3.org/2000/svg"'} width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-sans-serif, system-ui, sans-serif" font-size="12">`,
    `<defs><pattern id="${pid}failed" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="#e15759"/></pattern>${outcomePatterns(bars, pid)}</defs>`,
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
    const fill = hatched(b.state) ? `url(#${pid}${b.state})` : (color.get(b.agentType) ?? '#999');
    const running = b.state === 'running' ? ' fill-opacity="0.55" stroke-dasharray="4 2"' : '';
    const outline = b.critical ? ' stroke="#111" stroke-width="2"' : b.state === 'running' ? ` stroke="${color.get(b.agentType) ?? '#999'}" stroke-width="1.5"` : '';
    const title = b.title ?? `${b.ticket} on ${b.agent} (${b.agentType}): ${formatDuration(b.start - t0)} → ${formatDuration(b.end - t0)}, ${formatDuration(b.end - b.start)}`;
    out.push(
      `<g><title>${escape(title)}</title><rect x="${bx.toFixed(1)}" y="${y}" width="${bw.toFixed(1)}" height="${ROW - 6}" rx="3" fill="${fill}"${outline}${running}/>`,
    );
    // A label only where it fits (about 7 px per character); dark on a hatched or pale bar.
    const ink = hatched(b.state) || b.state === 'running' ? '#111' : '#fff';
    if (bw > b.ticket.length * 7 + 6) out.push(`<text x="${(bx + 4).toFixed(1)}" y="${y + ROW / 2 + 1}" fill="${ink}">${escape(b.ticket)}</text>`);
    out.push('</g>');
  }
  // Legend: agent types, and what an outline means.
  let lx = LABEL;
  const ly = height - 14;
  for (const t of types) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="${color.get(t)}"/><text x="${lx + 16}" y="${ly}" fill="#333">${escape(t)}</text>`);
    lx += 24 + t.length * 7;
  }
  if (bars.some((b) => b.critical)) {
    out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="#fff" stroke="#111" stroke-width="2"/><text x="${lx + 16}" y="${ly}" fill="#333">critical path</text>`);
    lx += 24 + 'critical path'.length * 7;
  }
  if (options.outcomeLegend) {
    // Outcomes other than completed, those some bar has.
    const seen = new Set(bars.map((b) => b.state));
    for (const o of OUTCOMES) {
      if (!seen.has(o.state)) continue;
      out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="url(#${pid}${o.state})" stroke="${o.color}"/><text x="${lx + 16}" y="${ly}" fill="#333">${escape(o.label)}</text>`);
      lx += 24 + o.label.length * 7;
    }
    if (seen.has('running')) {
      out.push(`<rect x="${lx}" y="${ly - 10}" width="12" height="12" rx="2" fill="#999" fill-opacity="0.55" stroke="#999" stroke-dasharray="4 2"/><text x="${lx + 16}" y="${ly}" fill="#333">running</text>`);
    }
  }
  if (options.now !== undefined && options.now >= t0) {
    const nx = x(Math.min(options.now, t0 + span)).toFixed(1);
    out.push(`<line x1="${nx}" y1="${TOP - 8}" x2="${nx}" y2="${TOP + agents.length * ROW}" stroke="#c00" stroke-dasharray="4 3"/><text x="${nx}" y="${TOP - 10}" text-anchor="middle" fill="#c00">now</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** Stripe patterns for the outcomes the bars have (none for a predicted schedule, so its chart is unchanged). */
function outcomePatterns(bars: readonly GanttBar[], pid: string): string {
  const seen = new Set(bars.map((b) => b.state));
  return OUTCOMES.filter((o) => o.state !== 'failed' && seen.has(o.state))
    .map((o) => `<pattern id="${pid}${o.state}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="6" fill="${o.color}"/></pattern>`)
    .join('');
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
