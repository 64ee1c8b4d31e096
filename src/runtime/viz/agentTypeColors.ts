/**
 * One colour per agent type for the plan DAG (fill and border). The hues are
 * those of the Gantt chart (`runtime/gantt`, Tableau 10, types sorted by
 * name), in their light variant for fills, so a type reads the same colour in
 * both pictures of one plan and dark text stays legible on every fill.
 */

/** Strong variant (borders, legend), in the Gantt chart's order. */
const STRONG = ['#4e79a7', '#f28e2b', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#e15759'];
/** Light variant of the same hues (fills). */
const LIGHT = ['#a0cbe8', '#ffbe7d', '#8cd17d', '#d4a6c8', '#b5dcd8', '#f7e4a0', '#fcd2dc', '#d7b5a6', '#dedad6', '#ff9d9a'];

export interface TypeColor {
  fill: string;
  line: string;
}

/** Colours by agent type name; types sorted by name so the mapping never depends on declaration order. */
export function agentTypeColors(types: Iterable<string>): Map<string, TypeColor> {
  const sorted = [...new Set(types)].sort();
  return new Map(sorted.map((t, i) => [t, { fill: LIGHT[i % LIGHT.length] as string, line: STRONG[i % STRONG.length] as string }]));
}
