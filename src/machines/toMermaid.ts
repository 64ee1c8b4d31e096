/**
 * Draws a machine as a Mermaid `stateDiagram-v2`, from its definition: every
 * state, the initial and final ones, each transition labelled with its event,
 * guard and named effects, eventless (`always`) transitions, and entry effects
 * as notes. Diagrams in `visualizations/` are made by this, never by hand, so
 * they cannot drift from the code (a test regenerates and compares them).
 */
import type { AnyStateMachine } from 'xstate';

interface NodeLike {
  key: string;
  type: string;
  states: Record<string, NodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  entry: unknown[];
  config: { initial?: unknown };
}

interface TransitionLike {
  target?: NodeLike[];
  guard?: unknown;
  actions: unknown[];
}

/** A readable name for a guard or an action (named ones by name; built-ins as `assign`, …). */
function nameOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && 'type' in x && typeof (x as { type: unknown }).type === 'string') return (x as { type: string }).type;
  if (typeof x === 'function') return x.name || undefined;
  return undefined;
}

/** Effects worth showing: named actions, not context updates. */
function effects(actions: unknown[]): string[] {
  return actions.map(nameOf).filter((n): n is string => n !== undefined && !n.startsWith('xstate.') && n !== 'assign');
}

function label(event: string, t: TransitionLike): string {
  const guard = t.guard === undefined ? '' : ` [${nameOf(t.guard) ?? 'guard'}]`;
  const fx = effects(t.actions);
  return `${event}${guard}${fx.length ? ` / ${fx.join(', ')}` : ''}`;
}

export function toMermaid(machine: AnyStateMachine): string {
  const root = machine.root as unknown as NodeLike;
  const lines = ['stateDiagram-v2'];
  const walk = (node: NodeLike, indent: string) => {
    const children = Object.values(node.states);
    const initial = typeof node.config.initial === 'string' ? node.config.initial : undefined;
    if (initial) lines.push(`${indent}[*] --> ${initial}`);
    for (const child of children) {
      if (Object.keys(child.states).length > 0) {
        lines.push(`${indent}state ${child.key} {`);
        walk(child, `${indent}  `);
        lines.push(`${indent}}`);
      }
      const entry = effects(child.entry);
      if (entry.length) lines.push(`${indent}note right of ${child.key} : entry / ${entry.join(', ')}`);
      for (const [event, ts] of child.transitions) {
        for (const t of ts) {
          for (const target of t.target ?? [child]) lines.push(`${indent}${child.key} --> ${target.key} : ${label(event, t)}`);
        }
      }
      for (const t of child.always ?? []) {
        for (const target of t.target ?? []) lines.push(`${indent}${child.key} --> ${target.key} : ${label('always', t)}`);
      }
      if (child.type === 'final') lines.push(`${indent}${child.key} --> [*]`);
    }
  };
  walk(root, '  ');
  // Machine-wide transitions (declared on the root) apply in every state.
  for (const [event, ts] of root.transitions) {
    for (const t of ts) if (!t.target) lines.push(`  note "${label(event, t)} (in any state)" as N_${event}`);
  }
  return `${lines.join('\n')}\n`;
}
