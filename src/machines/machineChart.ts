/**
 * A machine definition read once into plain data, for the diagram emitters
 * (`toMermaid`, `toDot`): the state tree, and every transition with a label a
 * person can read. Both emitters draw the same walk, so a Mermaid file and an
 * SVG of one machine can never disagree about what the machine does.
 *
 * XState 5 keeps everything we need on `machine.root` (state nodes with
 * `states`, `transitions`, `always`, `entry`, `invoke`, `config.initial`), but
 * encodes `after`, `onDone` and `onError` as internal event names
 * (`xstate.after.500.ticket.retrying`, `xstate.done.actor.x`): these are read
 * back here as `after 500ms`, `onDone(src)`, `onError(src)`.
 */
import type { AnyStateMachine } from 'xstate';

export type ChartStateType = 'atomic' | 'compound' | 'parallel' | 'final' | 'history';

export interface ChartState {
  key: string;
  /** Keys from the root, e.g. `['running', 'dispatching']`; the dotted form names the state in diagrams. */
  path: readonly string[];
  type: ChartStateType;
  /** Key of the initial child (compound states only). */
  initial: string | undefined;
  /** Named entry effects (context updates and XState's own actions left out). */
  entry: readonly string[];
  /** Named exit effects. */
  exit: readonly string[];
  /** Sources of the actors the state invokes while active. */
  invokes: readonly string[];
  children: readonly ChartState[];
  /** Transitions declared on this state, in definition order (see `transitionsOf`). */
  transitions: readonly ChartTransition[];
}

export interface ChartTransition {
  /** What triggers it, as shown: `DEPS_MET`, `always`, `after 500ms`, `onDone`, `onDone(fetch)`, `onError(fetch)`. */
  trigger: string;
  kind: 'event' | 'always' | 'after' | 'done' | 'error';
  guard: string | undefined;
  effects: readonly string[];
  /** Paths of the target states; empty for a targetless transition (effects only, the state stays). */
  targets: readonly (readonly string[])[];
}

export interface MachineChart {
  id: string;
  /** The root's children. */
  states: readonly ChartState[];
  /** Key of the root's initial state. */
  initial: string | undefined;
  /** Transitions declared on the machine itself: they apply in every state. */
  anyState: readonly ChartTransition[];
}

/** The parts of XState's StateNode the walk reads (its public type is much wider). */
interface NodeLike {
  key: string;
  type: string;
  path: string[];
  states: Record<string, NodeLike>;
  transitions: Map<string, TransitionLike[]>;
  always?: TransitionLike[];
  entry: unknown[];
  exit: unknown[];
  invoke: Array<{ id: string; src: unknown }>;
  config: { initial?: unknown };
}

interface TransitionLike {
  target?: NodeLike[];
  guard?: unknown;
  actions: unknown[];
  delay?: unknown;
}

/** A readable name for a guard or an action (named ones by name; built-ins as `assign`, …). */
export function nameOf(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x && typeof x === 'object' && 'type' in x && typeof (x as { type: unknown }).type === 'string') return (x as { type: string }).type;
  // XState's built-in actions are functions tagged with a `type` (`xstate.raise`, `xstate.assign`).
  if (typeof x === 'function') return typeof (x as { type?: unknown }).type === 'string' ? (x as unknown as { type: string }).type : x.name || undefined;
  return undefined;
}

/**
 * Effects worth showing: named actions, not context updates nor XState's own
 * (`after` adds `xstate.raise`/`xstate.cancel` to entry and exit).
 */
function effects(actions: unknown[]): string[] {
  return actions.map(nameOf).filter((n): n is string => n !== undefined && !n.startsWith('xstate.') && n !== 'assign');
}

/** `500` → `500ms`, `90000` → `90s`; a named delay stays its name. */
function delayLabel(delay: unknown): string {
  if (typeof delay !== 'number') return String(delay);
  return delay >= 1000 && delay % 1000 === 0 ? `${delay / 1000}s` : `${delay}ms`;
}

function transitionsOf(node: NodeLike): ChartTransition[] {
  const srcOf = (id: string) => {
    const src = node.invoke.find((i) => i.id === id)?.src;
    // Inline logic is named `xstate.invoke.<id>` by XState: the id reads better.
    return typeof src === 'string' && !src.startsWith('xstate.') ? src : id;
  };
  const out: ChartTransition[] = [];
  const push = (trigger: string, kind: ChartTransition['kind'], t: TransitionLike) =>
    out.push({
      trigger,
      kind,
      guard: t.guard === undefined ? undefined : (nameOf(t.guard) ?? 'guard'),
      effects: effects(t.actions),
      targets: (t.target ?? []).map((target) => target.path),
    });
  for (const [event, ts] of node.transitions) {
    for (const t of ts) {
      if (event.startsWith('xstate.after.')) push(`after ${delayLabel(t.delay)}`, 'after', t);
      else if (event.startsWith('xstate.done.state.')) push('onDone', 'done', t);
      else if (event.startsWith('xstate.done.actor.')) push(`onDone(${srcOf(event.slice('xstate.done.actor.'.length))})`, 'done', t);
      else if (event.startsWith('xstate.error.actor.')) push(`onError(${srcOf(event.slice('xstate.error.actor.'.length))})`, 'error', t);
      else if (event.startsWith('xstate.snapshot.')) push(`onSnapshot(${srcOf(event.slice('xstate.snapshot.'.length))})`, 'event', t);
      else push(event, 'event', t);
    }
  }
  for (const t of node.always ?? []) push('always', 'always', t);
  return out;
}

function stateOf(node: NodeLike): ChartState {
  return {
    key: node.key,
    path: node.path,
    type: node.type as ChartStateType,
    initial: typeof node.config.initial === 'string' ? node.config.initial : undefined,
    entry: effects(node.entry),
    exit: effects(node.exit),
    invokes: node.invoke.map((i) => (typeof i.src === 'string' && !i.src.startsWith('xstate.') ? i.src : i.id)),
    children: Object.values(node.states).map(stateOf),
    transitions: transitionsOf(node),
  };
}

export function machineChart(machine: AnyStateMachine): MachineChart {
  const root = machine.root as unknown as NodeLike;
  return {
    id: machine.id,
    states: Object.values(root.states).map(stateOf),
    initial: typeof root.config.initial === 'string' ? root.config.initial : undefined,
    anyState: transitionsOf(root),
  };
}

/** `EVENT [guard] / effect, effect`: the label both emitters put on an arrow. */
export function transitionLabel(t: ChartTransition): string {
  const guard = t.guard === undefined ? '' : ` [${t.guard}]`;
  return `${t.trigger}${guard}${t.effects.length ? ` / ${t.effects.join(', ')}` : ''}`;
}
