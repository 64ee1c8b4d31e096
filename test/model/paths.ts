/**
 * The test models: which paths `xstate/graph` generates through each machine.
 * The replay tests (`*.model.test.ts`) run these paths against the real
 * runtime; `coverage.test.ts` checks that together they reach every state.
 *
 * States are serialized by their value and the context fields the guards read
 * (never by payloads such as times or messages), so the graphs are finite and
 * small. Where the runtime can never produce an event in some state, the
 * model filters it out, and says why.
 */
import { initialTransition, transition, type AnyActorLogic, type EventObject, type Snapshot, type SnapshotFrom } from 'xstate';
import { createTestModel, getShortestPaths, getSimplePaths, type StatePath } from 'xstate/graph';
import { agentMachine, type AgentEvent } from '../../src/machines/agentMachine.js';
import { supervisorMachine } from '../../src/machines/supervisorMachine.js';
import { ticketMachine, type TicketEvent, type TicketInput } from '../../src/machines/ticketMachine.js';

// ---- ticket machine -------------------------------------------------------

export type TicketSnap = SnapshotFrom<typeof ticketMachine>;

/**
 * Two policies between them take every transition of the machine:
 * `full` (a retry, a gate, a rollback) and `bare` (no retry, no gate, no
 * rollback: `executing → completed` and `failing → failed` directly).
 */
export const TICKET_POLICIES = {
  full: { retries: 1, gates: 1, hasRollback: true, backoffMs: 1000 },
  bare: { retries: 0, gates: 0, hasRollback: false, backoffMs: 1000 },
} as const satisfies Record<string, TicketInput>;
export type TicketPolicy = keyof typeof TICKET_POLICIES;

const error = (retryable: boolean) => ({ code: retryable ? 'EXIT_CODE' : 'NON_RETRYABLE', message: 'boom', retryable });

/**
 * The payload variants of the ticket events. `createTestModel` sends every
 * event type each state accepts (so the model is the whole machine); this list
 * says which payloads to send for each type: both outcomes of a failure
 * (retryable or not) and of a rollback.
 */
export const TICKET_MODEL_EVENTS: readonly TicketEvent[] = [
  { type: 'DEPS_MET' },
  { type: 'DEP_FAILED', dependency: 'DEP' },
  { type: 'HOLD' },
  { type: 'RELEASE' },
  { type: 'ASSIGN' },
  { type: 'WORK_DONE' },
  { type: 'WORK_FAILED', error: error(true), at: 0 },
  { type: 'WORK_FAILED', error: error(false), at: 0 },
  { type: 'GATES_PASSED' },
  { type: 'GATE_FAILED', error: error(true), at: 0 },
  { type: 'GATE_FAILED', error: error(false), at: 0 },
  { type: 'BACKOFF_ELAPSED' },
  { type: 'ROLLBACK_DONE', ok: true },
  { type: 'ROLLBACK_DONE', ok: false },
  { type: 'INTERRUPT' },
  { type: 'REQUEUE' },
  { type: 'CANCEL', reason: 'cancelled by the user' },
];

/** Event key: the type and the payload fields that change what happens (retryable, ok). */
export function ticketEventKey(e: TicketEvent): string {
  if (e.type === 'WORK_FAILED' || e.type === 'GATE_FAILED') return `${e.type}(${e.error.retryable ? 'retryable' : 'non-retryable'})`;
  if (e.type === 'ROLLBACK_DONE') return `${e.type}(${e.ok ? 'ok' : 'failed'})`;
  return e.type;
}

const ticketModelOptions = (policy: TicketPolicy) => ({
  input: TICKET_POLICIES[policy],
  events: TICKET_MODEL_EVENTS,
  serializeState: (s: TicketSnap) => JSON.stringify([s.value, s.context.depsMet, s.context.failures]),
  serializeEvent: (e: TicketEvent) => ticketEventKey(e),
  // The ticket under test has one hard dependency, DEP. Its outcome is told once:
  // the runtime never sends DEPS_MET or DEP_FAILED after the dependencies were met.
  filterEvents: (s: TicketSnap, e: TicketEvent) => !((e.type === 'DEPS_MET' || e.type === 'DEP_FAILED') && s.context.depsMet),
});

export interface ModelPath<TSnap, TEvent> {
  kind: 'shortest' | 'simple';
  description: string;
  path: StatePath<TSnap & Snapshot<unknown>, TEvent & EventObject>;
}

/** Bound on the simple paths replayed per (machine, policy): the first N in generation order. None is hit today (see the counts in the test). */
export const MAX_SIMPLE_PATHS = 400;

function describePath<TEvent extends EventObject>(path: { steps: Array<{ event: TEvent; state: { value: unknown } }> }, key: (e: TEvent) => string): string {
  return path.steps
    .slice(1)
    .map((s) => `${key(s.event)}→${JSON.stringify(s.state.value)}`)
    .join(' ');
}

export function ticketPaths(policy: TicketPolicy): { shortest: Array<ModelPath<TicketSnap, TicketEvent>>; simple: Array<ModelPath<TicketSnap, TicketEvent>>; simpleTotal: number } {
  const model = createTestModel(ticketMachine, ticketModelOptions(policy));
  const shortest = model.getShortestPaths({ allowDuplicatePaths: true }).map((path) => ({ kind: 'shortest' as const, description: describePath(path, ticketEventKey), path }));
  const allSimple = model.getSimplePaths().filter((p) => p.state.status === 'done');
  const simple = allSimple.slice(0, MAX_SIMPLE_PATHS).map((path) => ({ kind: 'simple' as const, description: describePath(path, ticketEventKey), path }));
  return { shortest, simple, simpleTotal: allSimple.length };
}

// ---- agent machine --------------------------------------------------------

export type AgentSnap = SnapshotFrom<typeof agentMachine>;

/** Payload variants (createTestModel sends every event type each state accepts). */
export const AGENT_MODEL_EVENTS: readonly AgentEvent[] = [
  { type: 'ASSIGN', ticketId: 'W' },
  { type: 'RELEASE' },
  { type: 'CRASHED' },
  { type: 'REPLACED' },
  { type: 'RETIRE' },
];

/**
 * Events the runtime sends by itself, right after the model state that
 * accepts them: `REPLACED` (a microtask after `replacing` is entered).
 */
export const AGENT_INTERNAL_EVENTS: ReadonlySet<AgentEvent['type']> = new Set(['REPLACED']);

const agentModelOptions = {
  input: { agentId: 'agent-002', agentType: 'w' },
  events: AGENT_MODEL_EVENTS,
  serializeState: (s: AgentSnap) => JSON.stringify([s.value, s.context.retireRequested]),
  serializeEvent: (e: AgentEvent) => e.type,
};

export function agentPaths(): { shortest: Array<ModelPath<AgentSnap, AgentEvent>>; simple: Array<ModelPath<AgentSnap, AgentEvent>>; simpleTotal: number } {
  const model = createTestModel(agentMachine, agentModelOptions);
  const shortest = model.getShortestPaths({ allowDuplicatePaths: true }).map((path) => ({ kind: 'shortest' as const, description: describePath(path, (e) => e.type), path }));
  const allSimple = model.getSimplePaths().filter((p) => p.state.status === 'done');
  const simple = allSimple.slice(0, MAX_SIMPLE_PATHS).map((path) => ({ kind: 'simple' as const, description: describePath(path, (e) => e.type), path }));
  return { shortest, simple, simpleTotal: allSimple.length };
}

// ---- supervisor: pause / resume / stop ---------------------------------------

/**
 * The supervisor alone cannot be driven as a model: the counts in its events
 * (TICKETS_CHANGED, PAUSE, STOP) come from the tickets. So the model is the
 * product of the supervisor statechart and a world of one ticket X whose
 * attempt the test settles. The supervisor part is stepped with XState's own
 * `transition`; the world follows the effects that step names (dispatch starts
 * a ready X, interruptRunning interrupts a running X, requeueInterrupted
 * re-queues an interrupted X), and the counts the runtime would report are
 * computed from the world.
 */
export type XState = 'ready' | 'running' | 'aborting' | 'interrupted' | 'completed' | 'failed';

export type RunEvent =
  | { type: 'START' }
  | { type: 'PAUSE'; wait: boolean }
  | { type: 'RESUME' }
  | { type: 'STOP'; force: boolean }
  /** X's attempt succeeds / fails for good / its aborted attempt finally ends: the coordinator then sends TICKETS_CHANGED. */
  | { type: 'X_DONE' }
  | { type: 'X_FAILED' }
  | { type: 'X_ABORTED' };

export type SupervisorSnap = SnapshotFrom<typeof supervisorMachine>;

export interface RunModelContext {
  sup: SupervisorSnap;
  x: XState;
}

export const RUN_MODEL_EVENTS: readonly RunEvent[] = [
  { type: 'START' },
  { type: 'PAUSE', wait: true },
  { type: 'PAUSE', wait: false },
  { type: 'RESUME' },
  { type: 'STOP', force: false },
  { type: 'STOP', force: true },
  { type: 'X_DONE' },
  { type: 'X_FAILED' },
  { type: 'X_ABORTED' },
];

export function runEventKey(e: RunEvent): string {
  if (e.type === 'PAUSE') return e.wait ? 'PAUSE(wait)' : 'PAUSE(now)';
  if (e.type === 'STOP') return e.force ? 'STOP(force)' : 'STOP';
  return e.type;
}

const counts = (x: XState) => ({
  running: x === 'running' || x === 'aborting' ? 1 : 0,
  remaining: x === 'completed' || x === 'failed' ? 0 : 1,
  unsuccessful: x === 'failed' ? 1 : 0,
});

/** Steps the supervisor and applies the effects its step named to the world. */
function stepSupervisor(ctx: RunModelContext, event: Parameters<typeof supervisorMachine.transition>[1]): RunModelContext {
  const [sup, actions] = transition(supervisorMachine, ctx.sup, event);
  let x = ctx.x;
  // In the order the step names them: RESUME from paused re-queues (transition action), then dispatches (entry of running).
  for (const a of actions) {
    if (a.type === 'dispatch' && x === 'ready') x = 'running';
    else if (a.type === 'interruptRunning' && x === 'running') x = 'aborting';
    else if (a.type === 'requeueInterrupted' && x === 'interrupted') x = 'ready';
  }
  return { sup, x };
}

export function runModelTransition(ctx: RunModelContext, e: RunEvent): RunModelContext {
  if (ctx.sup.status !== 'active') return ctx;
  const n = counts(ctx.x);
  switch (e.type) {
    case 'START':
      return stepSupervisor(ctx, { type: 'START' });
    case 'PAUSE':
      return stepSupervisor(ctx, { type: 'PAUSE', wait: e.wait, running: n.running });
    case 'RESUME':
      return stepSupervisor(ctx, { type: 'RESUME' });
    case 'STOP':
      return stepSupervisor(ctx, { type: 'STOP', force: e.force, running: n.running });
    case 'X_DONE':
    case 'X_FAILED':
    case 'X_ABORTED': {
      const from: XState = e.type === 'X_ABORTED' ? 'aborting' : 'running';
      if (ctx.x !== from) return ctx;
      const x: XState = e.type === 'X_DONE' ? 'completed' : e.type === 'X_FAILED' ? 'failed' : 'interrupted';
      return stepSupervisor({ ...ctx, x }, { type: 'TICKETS_CHANGED', ...counts(x) });
    }
  }
}

/** The product as a tiny state machine-like logic for `xstate/graph`. */
export function runModelLogic() {
  const initial = (): RunModelContext => ({ sup: initialTransition(supervisorMachine, { runId: 'model', agents: [], failFast: false, remaining: 1 })[0], x: 'ready' });
  return {
    config: {},
    transition: (snap: RunModelSnapshot, event: RunEvent): RunModelSnapshot => {
      const context = runModelTransition(snap.context, event);
      return { ...snap, context, value: context.sup.value as string, status: context.sup.status === 'done' ? 'done' : 'active' };
    },
    getInitialSnapshot: (): RunModelSnapshot => {
      const context = initial();
      return { status: 'active', output: undefined, error: undefined, context, value: context.sup.value as string };
    },
    getPersistedSnapshot: (s: RunModelSnapshot) => s,
  };
}

export interface RunModelSnapshot {
  status: 'active' | 'done';
  output: undefined;
  error: undefined;
  context: RunModelContext;
  value: string;
}

const serializeRun = (s: RunModelSnapshot) => {
  const c = s.context.sup.context;
  return JSON.stringify([s.value, c.running, c.remaining, c.unsuccessful, s.context.x]);
};

const runFilter = (s: RunModelSnapshot, e: RunEvent) => {
  // `engine.stop()` on a run that never started starts it first (see supervisorMachine.model.test.ts):
  // the edge validating --STOP--> stopped is not reachable through the engine's API.
  if (s.value === 'validating' && e.type === 'STOP') return false;
  return true;
};

type RunPath = StatePath<RunModelSnapshot, RunEvent>;

export function runPaths(): { shortest: Array<ModelPath<RunModelSnapshot, RunEvent>>; simple: Array<ModelPath<RunModelSnapshot, RunEvent>>; simpleTotal: number } {
  // getShortestPaths/getSimplePaths take any actor logic; our product logic has the shape they read.
  const logic = runModelLogic() as unknown as Parameters<typeof getPathsOf>[0];
  const opts = { events: RUN_MODEL_EVENTS, serializeState: serializeRun, serializeEvent: runEventKey, filterEvents: runFilter };
  const shortest = getPathsOf(logic, 'shortest', { ...opts, allowDuplicatePaths: true }).map((path) => ({ kind: 'shortest' as const, description: describeRun(path), path }));
  const allSimple = getPathsOf(logic, 'simple', opts).filter((p) => p.state.status === 'done');
  const simple = allSimple.slice(0, MAX_SIMPLE_PATHS).map((path) => ({ kind: 'simple' as const, description: describeRun(path), path }));
  return { shortest, simple, simpleTotal: allSimple.length };
}

function describeRun(path: RunPath): string {
  return path.steps
    .slice(1)
    .map((s) => `${runEventKey(s.event)}→${s.state.value}/X:${s.state.context.x}`)
    .join(' ');
}

function getPathsOf(logic: AnyActorLogic, kind: 'shortest' | 'simple', opts: Record<string, unknown>): RunPath[] {
  const fn = kind === 'shortest' ? getShortestPaths : getSimplePaths;
  return fn(logic, opts as never) as unknown as RunPath[];
}
