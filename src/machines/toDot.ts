/**
 * Draws a machine as Graphviz DOT, from the same walk as `toMermaid`
 * (`machineChart`): states as rounded boxes, compound and parallel states as
 * clusters (the regions of a parallel state dashed), the initial state marked
 * by a dot, final states as double circles coloured by what they mean, and
 * every transition labelled `EVENT [guard] / effects` (`always` dashed, `after`
 * dotted, `onError` red). Entry effects and invoked actors are written under
 * the state's name. The transitions that keep a state (targetless, or back to
 * itself) share one loop with a line each: Graphviz stacks the labels of
 * several loops on one node on top of each other; on a compound state they
 * are listed in its label.
 *
 * Every state carries a stable SVG id, `state-<dotted.path>` (`state-executing`,
 * `state-running.dispatching`), and `class="state"` (`"state final"` for final
 * states), so a page showing the rendered SVG can highlight the current state
 * with `#state-<name>`. Transitions get `transition-<source>-<trigger>-<n>`,
 * a state's loop `transition-<state>-loop`.
 * Pure and deterministic: the same machine gives the same bytes.
 */
import type { AnyStateMachine } from 'xstate';
import { DIAGRAM_FONT, dotAttrs, escapeHtml, quoteDot } from './dotSyntax.js';
import { machineChart, transitionLabel, type ChartState, type ChartTransition } from './machineChart.js';

const FONT = DIAGRAM_FONT;
/** A calm palette: slate for ordinary states, green and red only where a final state says so. */
const INK = '#1f2d3a';
const MUTED = '#5b7083';
const STATE_FILL = '#eef3f8';
const CLUSTER_FILL = '#f7f9fb';
const CLUSTER_LINE = '#9aa9b8';
const EDGE = '#7a8896';
const ERROR_EDGE = '#b5524a';
const FINAL_TONES = {
  success: { fill: '#dff3e4', line: '#2f8a4a' },
  failure: { fill: '#fbe3e1', line: '#b5524a' },
  neutral: { fill: '#e9ecef', line: '#6c757d' },
} as const;

/**
 * What a final state means, from its name: a definition says nothing else
 * about whether reaching it is good news (`completed`) or not (`failed`).
 */
export function finalTone(key: string): keyof typeof FINAL_TONES {
  if (/^(completed?|done|succeeded|success|finished|ok)$/i.test(key)) return 'success';
  if (/fail|error|block|cancel|abort|crash|reject/i.test(key)) return 'failure';
  return 'neutral';
}

const nameOf = (path: readonly string[]) => path.join('.');
const clusterOf = (path: readonly string[]) => `cluster_${nameOf(path)}`;
/** Safe in an SVG id and readable: `after 500ms` → `after_500ms`. */
const idPart = (s: string) => s.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '');

export function toDot(machine: AnyStateMachine): string {
  const chart = machineChart(machine);
  const byName = new Map<string, ChartState>();
  const index = (s: ChartState) => {
    byName.set(nameOf(s.path), s);
    s.children.forEach(index);
  };
  chart.states.forEach(index);

  /**
   * Graphviz draws edges between nodes, not clusters: an arrow to a compound
   * state ends at its initial leaf, clipped at the cluster's border (`lhead`).
   */
  const anchor = (s: ChartState): ChartState => {
    if (s.children.length === 0) return s;
    const first = s.children.find((c) => c.key === s.initial) ?? (s.children[0] as ChartState);
    return anchor(first);
  };
  const inside = (path: readonly string[], of: readonly string[]) => path.length > of.length && of.every((k, i) => path[i] === k);
  const keeps = (s: ChartState, t: ChartTransition) => t.targets.every((p) => nameOf(p) === nameOf(s.path));

  const lines: string[] = [];
  // Every arrow is written after every node and cluster: an edge that named a
  // node first would declare it, and place it, in the wrong cluster.
  const arrows: string[] = [];
  lines.push(`digraph ${quoteDot(chart.id)} {`);
  lines.push(
    `  graph${dotAttrs({
      id: `machine-${chart.id}`,
      class: 'statechart',
      label: { html: `<b>${escapeHtml(chart.id)}</b>` },
      labelloc: 't',
      fontname: FONT,
      fontsize: 13,
      fontcolor: INK,
      rankdir: 'LR',
      compound: true,
      nodesep: 0.35,
      ranksep: 0.5,
      pad: 0.25,
      bgcolor: 'white',
    })};`,
  );
  lines.push(
    `  node${dotAttrs({ fontname: FONT, fontsize: 10, fontcolor: INK, shape: 'box', style: 'rounded,filled', fillcolor: STATE_FILL, color: MUTED, penwidth: 1.2, margin: '0.14,0.06' })};`,
  );
  lines.push(`  edge${dotAttrs({ fontname: FONT, fontsize: 8, fontcolor: MUTED, color: EDGE, arrowsize: 0.7, penwidth: 1.1 })};`);

  const notes = (s: ChartState) => [
    ...(s.entry.length ? [`entry / ${s.entry.join(', ')}`] : []),
    ...(s.invokes.length ? [`invoke / ${s.invokes.join(', ')}`] : []),
    // A loop on a cluster would be drawn on its initial leaf, as if that leaf owned it.
    ...(s.children.length ? s.transitions.filter((t) => keeps(s, t)).map((t) => `on ${transitionLabel(t)}`) : []),
  ];
  const htmlLabel = (title: string, extra: string[]) => ({
    html: [`<b>${escapeHtml(title)}</b>`, ...extra.map((n) => `<font point-size="8" color="${MUTED}">${escapeHtml(n)}</font>`)].join('<br/>'),
  });

  const initialMarker = (path: readonly string[], initial: string | undefined, children: readonly ChartState[], indent: string) => {
    const first = children.find((c) => c.key === initial);
    if (!first) return;
    const marker = nameOf([...path, '[*]']);
    lines.push(`${indent}${quoteDot(marker)}${dotAttrs({ id: path.length ? `initial-${nameOf(path)}` : 'initial', class: 'initial', shape: 'point', width: 0.14, color: INK, fillcolor: INK, label: '' })};`);
    arrows.push(`  ${quoteDot(marker)} -> ${quoteDot(nameOf(anchor(first).path))}${dotAttrs({ lhead: first.children.length ? clusterOf(first.path) : undefined, color: INK, arrowsize: 0.6 })};`);
  };

  const drawState = (s: ChartState, indent: string, region: boolean) => {
    const name = nameOf(s.path);
    if (s.children.length > 0) {
      const parallel = s.type === 'parallel';
      lines.push(`${indent}subgraph ${quoteDot(clusterOf(s.path))} {`);
      lines.push(
        `${indent}  graph${dotAttrs({
          id: `state-${name}`,
          class: parallel ? 'state parallel' : 'state',
          label: htmlLabel(s.key, [...(parallel ? ['parallel'] : []), ...notes(s)]),
          labeljust: 'l',
          fontname: FONT,
          fontsize: 10,
          fontcolor: INK,
          style: region ? 'rounded,dashed,filled' : 'rounded,filled',
          fillcolor: CLUSTER_FILL,
          color: CLUSTER_LINE,
          penwidth: 1.2,
        })};`,
      );
      if (!parallel) initialMarker(s.path, s.initial, s.children, `${indent}  `);
      for (const child of s.children) drawState(child, `${indent}  `, parallel);
      lines.push(`${indent}}`);
      return;
    }
    if (s.type === 'final') {
      const tone = FINAL_TONES[finalTone(s.key)];
      lines.push(
        `${indent}${quoteDot(name)}${dotAttrs({ id: `state-${name}`, class: 'state final', label: s.key, shape: 'doublecircle', style: 'filled', fillcolor: tone.fill, color: tone.line, margin: '0.02' })};`,
      );
      return;
    }
    if (s.type === 'history') {
      lines.push(`${indent}${quoteDot(name)}${dotAttrs({ id: `state-${name}`, class: 'state history', label: 'H', shape: 'circle', style: 'filled' })};`);
      return;
    }
    lines.push(`${indent}${quoteDot(name)}${dotAttrs({ id: `state-${name}`, class: 'state', label: htmlLabel(s.key, notes(s)) })};`);
  };

  initialMarker([], chart.initial, chart.states, '  ');
  for (const s of chart.states) drawState(s, '  ', false);

  const edge = (source: ChartState, t: ChartTransition, seen: Map<string, number>) => {
    for (const target of t.targets.map((p) => byName.get(nameOf(p)) as ChartState)) {
      const base = `transition-${nameOf(source.path)}-${idPart(t.trigger)}`;
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      const from = anchor(source);
      const to = anchor(target);
      arrows.push(
        `  ${quoteDot(nameOf(from.path))} -> ${quoteDot(nameOf(to.path))}${dotAttrs({
          id: `${base}-${n}`,
          class: `transition ${t.kind}`,
          label: transitionLabel(t),
          ltail: source.children.length && !inside(target.path, source.path) ? clusterOf(source.path) : undefined,
          lhead: target.children.length && !inside(source.path, target.path) ? clusterOf(target.path) : undefined,
          style: t.kind === 'always' ? 'dashed' : t.kind === 'after' ? 'dotted' : undefined,
          color: t.kind === 'error' ? ERROR_EDGE : undefined,
          fontcolor: t.kind === 'error' ? ERROR_EDGE : undefined,
        })};`,
      );
    }
  };
  const loop = (s: ChartState, ts: readonly ChartTransition[]) => {
    const name = nameOf(s.path);
    const kinds = new Set(ts.map((t) => t.kind));
    const only = kinds.size === 1 ? ts[0]?.kind : undefined;
    arrows.push(
      `  ${quoteDot(name)} -> ${quoteDot(name)}${dotAttrs({
        id: `transition-${name}-loop`,
        class: `transition loop${[...kinds].map((k) => ` ${k}`).join('')}`,
        label: { html: ts.map((t) => escapeHtml(transitionLabel(t))).join('<br/>') },
        style: only === 'always' ? 'dashed' : only === 'after' ? 'dotted' : undefined,
        color: only === 'error' ? ERROR_EDGE : undefined,
        fontcolor: only === 'error' ? ERROR_EDGE : undefined,
      })};`,
    );
  };
  const edges = (s: ChartState) => {
    const seen = new Map<string, number>();
    const loops = s.transitions.filter((t) => keeps(s, t));
    for (const t of s.transitions) if (!loops.includes(t)) edge(s, t, seen);
    if (loops.length && s.children.length === 0) loop(s, loops);
    s.children.forEach(edges);
  };
  chart.states.forEach(edges);
  lines.push(...arrows);

  // Machine-wide transitions apply in every state: one note lists them.
  if (chart.anyState.length > 0) {
    const rows = chart.anyState.map((t) => `${transitionLabel(t)}${t.targets.length ? ` → ${t.targets.map(nameOf).join(', ')}` : ''}`);
    lines.push(
      `  "(any state)"${dotAttrs({
        id: 'any-state',
        class: 'any-state',
        shape: 'note',
        style: 'filled',
        fillcolor: '#fdf8e6',
        color: '#b9a66a',
        label: { html: [`<b>in any state</b>`, ...rows.map((r) => `<font point-size="8">${escapeHtml(r)}</font>`)].join('<br/>') },
      })};`,
    );
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
