/**
 * A plan's ticket DAG as a Mermaid flowchart, for Markdown that renders
 * Mermaid (GitHub, most editors): the same picture as `planDot` in less
 * detail. Tickets filled by agent type, hard dependencies as arrows, soft
 * ones dotted, the critical path thick and red, a legend of agent types.
 *
 * Mermaid node ids must be plain words, and ticket ids are free text, so
 * tickets are `t<index>` and their ids are in the labels. Pure and
 * deterministic.
 */
import { classToken } from '../../machines/dotSyntax.js';
import { formatDuration } from '../../plan/formatDuration.js';
import { registryOutcome } from '../../plan/registryOutcome.js';
import type { CompiledPlan } from '../../plan/types.js';
import { mermaidText } from './mermaidText.js';
import { CRITICAL_COLOR, planPictureParts, shortTitle, type PlanDotOptions } from './planDot.js';

/** Mermaid class names: a word, no dashes (agent names are free text). */
const typeClass = (agent: string) => `type_${classToken(agent).replace(/-/g, '_')}`;

export function planMermaid(plan: CompiledPlan, options: Pick<PlanDotOptions, 'analysis' | 'rankdir'> = {}): string {
  const { colors, onPath, pathEdges } = planPictureParts(plan, options.analysis);

  const lines = [`flowchart ${options.rankdir ?? 'LR'}`];
  for (const t of plan.tickets) {
    const estimate = t.estimateMs === undefined ? `≈ ${formatDuration(plan.defaultEstimateMs)}` : formatDuration(t.estimateMs);
    const settled = registryOutcome(t.registryStatus);
    const label = [`<b>${mermaidText(t.id)}</b>`, ...(t.title && t.title !== t.id ? [mermaidText(shortTitle(t.title))] : []), `<small>${estimate}${settled ? ` · ${settled}` : ''}</small>`];
    lines.push(`  t${t.index}["${label.join('<br/>')}"]:::${typeClass(t.agent)}`);
  }
  // linkStyle addresses arrows by their order of appearance.
  const critical: number[] = [];
  let arrow = 0;
  for (const t of plan.tickets) {
    for (const d of t.dependsOn) {
      if (pathEdges.has(`${d}>${t.index}`)) critical.push(arrow);
      lines.push(`  t${d} --> t${t.index}`);
      arrow++;
    }
    for (const a of t.after) {
      lines.push(`  t${a} -.-> t${t.index}`);
      arrow++;
    }
  }
  lines.push('  subgraph legend ["Agent types"]');
  [...colors.keys()].forEach((type, k) => lines.push(`    legend${k}["${mermaidText(type)}"]:::${typeClass(type)}`));
  lines.push('  end');

  for (const [type, color] of colors) lines.push(`  classDef ${typeClass(type)} fill:${color.fill},stroke:${color.line},color:#1f2d3a`);
  lines.push(`  classDef critical stroke:${CRITICAL_COLOR},stroke-width:3px`);
  lines.push('  classDef settled stroke-dasharray:4 3,opacity:0.7');
  const settled = plan.tickets.filter((t) => registryOutcome(t.registryStatus)).map((t) => `t${t.index}`);
  if (settled.length) lines.push(`  class ${settled.join(',')} settled`);
  if (onPath.size) lines.push(`  class ${[...onPath].map((i) => `t${i}`).join(',')} critical`);
  if (critical.length) lines.push(`  linkStyle ${critical.join(',')} stroke:${CRITICAL_COLOR},stroke-width:3px`);
  return `${lines.join('\n')}\n`;
}
