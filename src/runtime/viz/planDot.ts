/**
 * A plan's ticket DAG as Graphviz DOT: one box per ticket (id, short title,
 * estimate) filled by its agent type, hard dependencies as arrows, soft ones
 * (`after`) dashed and ignored by the layout, and the critical path drawn
 * thick in a strong colour, nodes and arrows. A legend cluster lists each
 * agent type's colour.
 *
 * Every ticket carries the SVG id `ticket-<ID>` and classes `ticket
 * type-<agent>` (plus `critical`, `settled`), so a page showing the SVG can
 * recolour tickets by state during a run; dependency arrows are
 * `dep-<FROM>-<TO>`. Pure and deterministic: the same plan gives the same bytes.
 */
import { classToken, DIAGRAM_FONT, dotAttrs, escapeHtml, quoteDot, tooltipText } from '../../machines/dotSyntax.js';
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import { analyzePlan } from '../../plan/analyzePlan.js';
import { formatDuration } from '../../plan/formatDuration.js';
import { registryOutcome } from '../../plan/registryOutcome.js';
import type { CompiledPlan, CompiledTicket } from '../../plan/types.js';
import { agentTypeColors } from './agentTypeColors.js';

const FONT = DIAGRAM_FONT;
const INK = '#1f2d3a';
const MUTED = '#5b7083';
const EDGE = '#8795a3';
/** The one strong colour of the picture: the critical path. */
export const CRITICAL_COLOR = '#c0392b';
const SETTLED_FILL = '#f1f3f5';
/** Titles are cut to this many characters in a box (the full title is the tooltip). */
const TITLE_CHARS = 32;
/**
 * Above this many tickets plus dependencies the layout trades polish for
 * time: measured on random plans, 400 tickets with 1,564 dependencies took
 * 11 s with Graphviz's defaults and 1.7 s with `FAST_LAYOUT`; 3,000 with
 * 6,000 took 11 s. Below it, defaults take under a second.
 */
const FAST_LAYOUT_ABOVE = 1000;
/** Fewer crossing-reduction passes and network-simplex iterations (the two costs that grow fastest). */
const FAST_LAYOUT = { mclimit: 0.1, nslimit: 1, nslimit1: 1 } as const;

export interface PlanDotOptions {
  /** The analysis, when the caller has it already (analysis is O(tickets + edges), but not free). */
  analysis?: PlanAnalysis;
  /** Layout direction: `LR` (default, dependencies flow left to right) or `TB`. */
  rankdir?: 'LR' | 'TB';
  /**
   * `best` (Graphviz's defaults) or `fast` (see `FAST_LAYOUT`).
   * @default `fast` above 1,000 tickets plus dependencies, else `best`
   */
  layout?: 'best' | 'fast';
}

export function shortTitle(title: string, max = TITLE_CHARS): string {
  const t = title.replace(/\s+/g, ' ').trim();
  return t.length <= max ? t : `${t.slice(0, max - 1).trimEnd()}…`;
}

/**
 * What every picture of a plan colours and outlines, for planDot and
 * planMermaid: each agent type's colour, the critical path's tickets, and
 * its arrows as `from>to` (ticket indices).
 */
export function planPictureParts(plan: CompiledPlan, analysis: PlanAnalysis = analyzePlan(plan)) {
  const colors = agentTypeColors([...plan.agents.map((a) => a.name), ...plan.tickets.map((t) => t.agent)]);
  const onPath = new Set(analysis.criticalPath.tickets);
  const pathEdges = new Set<string>();
  analysis.criticalPath.tickets.forEach((t, k, path) => {
    if (k > 0) pathEdges.add(`${path[k - 1]}>${t}`);
  });
  return { analysis, colors, onPath, pathEdges };
}

export function planDot(plan: CompiledPlan, options: PlanDotOptions = {}): string {
  const { analysis, colors, onPath, pathEdges } = planPictureParts(plan, options.analysis);
  const name = (t: CompiledTicket) => quoteDot(t.id);
  const estimate = (t: CompiledTicket) => (t.estimateMs === undefined ? `≈ ${formatDuration(plan.defaultEstimateMs)} (default)` : formatDuration(t.estimateMs));

  const dependencies = plan.tickets.reduce((n, t) => n + t.dependsOn.length, 0);
  const fast = (options.layout ?? (plan.tickets.length + dependencies > FAST_LAYOUT_ABOVE ? 'fast' : 'best')) === 'fast';

  const lines: string[] = [];
  const path = analysis.criticalPath;
  const subtitle = `${plan.tickets.length} ticket${plan.tickets.length === 1 ? '' : 's'} · critical path ${path.tickets.length} ticket${path.tickets.length === 1 ? '' : 's'}, ${formatDuration(path.totalMs)} · total work ${formatDuration(analysis.totalWorkMs)}`;
  lines.push(`digraph ${quoteDot(plan.name)} {`);
  lines.push(
    `  graph${dotAttrs({
      id: 'plan',
      class: 'plan-dag',
      label: { html: `<b>${escapeHtml(plan.name)}</b><br/><font point-size="9" color="${MUTED}">${escapeHtml(subtitle)}</font>` },
      labelloc: 't',
      fontname: FONT,
      fontsize: 13,
      fontcolor: INK,
      rankdir: options.rankdir ?? 'LR',
      nodesep: 0.25,
      ranksep: 0.55,
      pad: 0.25,
      bgcolor: 'white',
      ...(fast ? FAST_LAYOUT : {}),
    })};`,
  );
  lines.push(`  node${dotAttrs({ fontname: FONT, fontsize: 9, fontcolor: INK, shape: 'box', style: 'rounded,filled', penwidth: 1.2, margin: '0.12,0.05' })};`);
  lines.push(`  edge${dotAttrs({ color: EDGE, arrowsize: 0.6, penwidth: 1 })};`);

  // The legend: every agent type of the plan (and any a ticket names), then the critical path.
  // Its nodes' names start with a space: ticket ids are trimmed, so no ticket can be named so.
  lines.push('  subgraph "cluster_legend" {');
  lines.push(
    `    graph${dotAttrs({ id: 'legend', class: 'legend', label: { html: '<b>Agent types</b>' }, labeljust: 'l', fontname: FONT, fontsize: 10, fontcolor: INK, style: 'rounded', color: '#c5ced8' })};`,
  );
  for (const [type, color] of colors) {
    const spec = plan.agents.find((a) => a.name === type);
    const detail = spec ? `${spec.executor} × ${spec.count}` : 'not declared';
    lines.push(
      `    ${quoteDot(` legend:${type}`)}${dotAttrs({ id: `legend-${type}`, class: `legend-item type-${classToken(type)}`, label: { html: `<b>${escapeHtml(type)}</b><br/><font point-size="8" color="${MUTED}">${escapeHtml(detail)}</font>` }, fillcolor: color.fill, color: color.line })};`,
    );
  }
  lines.push(
    `    " legend:critical"${dotAttrs({ id: 'legend-critical', class: 'legend-item critical', label: 'critical path', fillcolor: 'white', color: CRITICAL_COLOR, penwidth: 3 })};`,
  );
  lines.push('  }');

  for (const t of plan.tickets) {
    const color = colors.get(t.agent) ?? { fill: '#ffffff', line: MUTED };
    const critical = onPath.has(t.index);
    const settled = registryOutcome(t.registryStatus);
    const classes = ['ticket', `type-${classToken(t.agent)}`, ...(critical ? ['critical'] : []), ...(settled ? ['settled'] : [])].join(' ');
    const meta = `${estimate(t)}${settled ? ` · ${settled}` : ''}`;
    lines.push(
      `  ${name(t)}${dotAttrs({
        id: `ticket-${t.id}`,
        class: classes,
        label: {
          html: [`<b>${escapeHtml(t.id)}</b>`, ...(t.title ? [escapeHtml(shortTitle(t.title))] : []), `<font point-size="8" color="${MUTED}">${escapeHtml(meta)}</font>`].join('<br/>'),
        },
        tooltip: tooltipText(`${t.id}: ${t.title} (${t.agent}, ${estimate(t)})`),
        fillcolor: settled ? SETTLED_FILL : color.fill,
        color: critical ? CRITICAL_COLOR : color.line,
        penwidth: critical ? 3 : undefined,
        style: settled ? 'rounded,filled,dashed' : undefined,
      })};`,
    );
  }

  for (const t of plan.tickets) {
    for (const d of t.dependsOn) {
      const from = plan.tickets[d];
      if (!from) continue;
      const critical = pathEdges.has(`${d}>${t.index}`);
      lines.push(
        `  ${name(from)} -> ${name(t)}${dotAttrs({
          id: `dep-${from.id}-${t.id}`,
          class: critical ? 'dependency critical' : 'dependency',
          color: critical ? CRITICAL_COLOR : undefined,
          penwidth: critical ? 3 : undefined,
          arrowsize: critical ? 0.8 : undefined,
        })};`,
      );
    }
    for (const a of t.after) {
      const from = plan.tickets[a];
      if (!from) continue;
      // Soft: preferred earlier, never blocking, so it must not shape the layout either.
      lines.push(`  ${name(from)} -> ${name(t)}${dotAttrs({ id: `after-${from.id}-${t.id}`, class: 'soft', style: 'dashed', color: '#b8c2cc', constraint: false })};`);
    }
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
