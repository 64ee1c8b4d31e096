/**
 * Draws a machine as a Mermaid `stateDiagram-v2`, from its definition: every
 * state, the initial and final ones, each transition labelled with its event,
 * guard and named effects, eventless (`always`), delayed (`after`) and
 * `onDone`/`onError` transitions, and entry effects and invoked actors as
 * notes. Diagrams in `visualizations/` are made by this, never by hand, so
 * they cannot drift from the code (a test regenerates and compares them).
 * The walk is `machineChart`, shared with `toDot`.
 */
import type { AnyStateMachine } from 'xstate';
import { machineChart, transitionLabel, type ChartState } from './machineChart.js';

export function toMermaid(machine: AnyStateMachine): string {
  const chart = machineChart(machine);
  const lines = ['stateDiagram-v2'];
  const keyOf = (path: readonly string[]) => path[path.length - 1] ?? '[*]';
  const walk = (children: readonly ChartState[], initial: string | undefined, indent: string, parallel: boolean) => {
    if (initial) lines.push(`${indent}[*] --> ${initial}`);
    children.forEach((child, k) => {
      // Regions of a parallel state are separated by `--` in Mermaid.
      if (parallel && k > 0) lines.push(`${indent}--`);
      if (child.children.length > 0) {
        lines.push(`${indent}state ${child.key} {`);
        walk(child.children, child.initial, `${indent}  `, child.type === 'parallel');
        lines.push(`${indent}}`);
      }
      if (child.entry.length) lines.push(`${indent}note right of ${child.key} : entry / ${child.entry.join(', ')}`);
      if (child.invokes.length) lines.push(`${indent}note right of ${child.key} : invoke / ${child.invokes.join(', ')}`);
      for (const t of child.transitions) {
        // A targetless transition keeps the state: drawn as a loop.
        const targets = t.targets.length ? t.targets : [child.path];
        for (const target of targets) lines.push(`${indent}${child.key} --> ${keyOf(target)} : ${transitionLabel(t)}`);
      }
      if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
    });
  };
  walk(chart.states, chart.initial, '  ', false);
  // Machine-wide transitions (declared on the root) apply in every state.
  for (const t of chart.anyState) {
    const to = t.targets.length ? ` → ${t.targets.map(keyOf).join(', ')}` : '';
    lines.push(`  note "${transitionLabel(t)}${to} (in any state)" as N_${t.trigger.replace(/\W+/g, '_')}`);
  }
  return `${lines.join('\n')}\n`;
}
