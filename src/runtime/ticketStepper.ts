/**
 * Steps ticket statecharts as data.
 *
 * Every ticket's state is a snapshot of `ticketMachine`, advanced by the
 * machine's own `transition` with one actor scope reused for all tickets.
 * XState's public `transition()` does the same but builds a throw-away actor
 * and system per call (9–23 µs against ~4 µs, FACTS.md); a live actor per
 * ticket costs a spawn and a stop each (quadratic in a parent's children).
 * The scope's action executor collects the named effects of a step instead of
 * running them; the coordinator carries them out.
 *
 * Two facts make most steps free, without changing what they compute:
 * - snapshots are immutable values, so tickets with the same policy (retries,
 *   gates, rollback, backoff) start from one shared snapshot;
 * - `transition(snapshot, event)` is a pure function, so for events whose
 *   payload the machine never reads, the result of a step from a shared
 *   snapshot is computed once by XState and then reused (with its effects).
 * A plan of 100,000 alike tickets thus makes a handful of XState transitions
 * for the common path; any step that carries data (a failure, a reason) is
 * computed afresh and its result is not shared.
 */
import { createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import { initialTicketContext, ticketMachine, type TicketContext, type TicketEvent, type TicketInput, type TicketState } from '../machines/ticketMachine.js';

export type TicketSnapshot = SnapshotFrom<typeof ticketMachine>;

/** A named effect a step asked for (`startWork`, `armBackoff`, …). */
export type TicketEffect = 'startWork' | 'startValidation' | 'startRollback' | 'armBackoff' | 'disarmBackoff' | 'abortWork';

/** States a ticket can be created in without a transition. */
export type InitialTicketState = 'waiting' | 'ready' | 'completed' | 'cancelled';

/**
 * Events the machine reacts to by their type alone (it reads no payload):
 * their steps may be memoised. Adding a payload the machine reads to one of
 * these requires removing it here (the stepper test checks the list).
 */
export const PAYLOAD_FREE_EVENTS: ReadonlySet<TicketEvent['type']> = new Set([
  'DEPS_MET',
  'HOLD',
  'RELEASE',
  'ASSIGN',
  'WORK_DONE',
  'GATES_PASSED',
  'BACKOFF_ELAPSED',
  'INTERRUPT',
  'REQUEUE',
]);

export interface TicketStepper {
  /** The snapshot a new ticket starts from (shared among tickets with the same policy). */
  create(input: TicketInput, state?: InitialTicketState): TicketSnapshot;
  /** A snapshot rebuilt from a journal: the state and context a ticket had (not shared). */
  restore(state: TicketState, context: TicketContext): TicketSnapshot;
  /** Applies `event`; `effects` receives the named effects in order. */
  step(snapshot: TicketSnapshot, event: TicketEvent, effects: TicketEffect[]): TicketSnapshot;
}

interface Memo {
  next: TicketSnapshot;
  effects: readonly TicketEffect[];
}

export function createTicketStepper(): TicketStepper {
  // The scope's `self` is an actor that is never started: it exists so that
  // the machine's built-in actions find a well-formed scope and system.
  const self = createActor(ticketMachine, { input: { retries: 0, gates: 0, hasRollback: false, backoffMs: 0 } });
  let sink: TicketEffect[] = [];
  const scope: AnyActorScope = {
    self,
    id: '',
    sessionId: '',
    logger: () => {},
    defer: () => {},
    emit: () => {},
    system: self.system,
    stopChild: () => {},
    actionExecutor: (action) => {
      sink.push(action.type as TicketEffect);
    },
  };
  const templates = new Map<string, TicketSnapshot>();
  /** Snapshots that several tickets may hold: only steps from these are memoised. */
  const shared = new WeakSet<TicketSnapshot>();
  const memo = new WeakMap<TicketSnapshot, Map<TicketEvent['type'], Memo>>();

  const transition = (snapshot: TicketSnapshot, event: TicketEvent, effects: TicketEffect[]) => {
    sink = effects;
    return ticketMachine.transition(snapshot, event, scope);
  };

  return {
    create(input, state = 'waiting') {
      const key = `${state}|${input.retries}|${input.gates}|${input.hasRollback}|${input.backoffMs}`;
      let snap = templates.get(key);
      if (!snap) {
        // A ticket whose dependencies are already met when it is first looked at
        // starts in `ready`: its `waiting --DEPS_MET--> ready` step is implied.
        snap = ticketMachine.resolveState({ value: state satisfies TicketState, context: initialTicketContext(input, state !== 'waiting') });
        templates.set(key, snap);
        shared.add(snap);
      }
      return snap;
    },
    restore(state, context) {
      return ticketMachine.resolveState({ value: state, context });
    },
    step(snapshot, event, effects) {
      if (!shared.has(snapshot) || !PAYLOAD_FREE_EVENTS.has(event.type)) return transition(snapshot, event, effects);
      let byEvent = memo.get(snapshot);
      const hit = byEvent?.get(event.type);
      if (hit) {
        for (const e of hit.effects) effects.push(e);
        return hit.next;
      }
      const own: TicketEffect[] = [];
      const next = transition(snapshot, event, own);
      for (const e of own) effects.push(e);
      if (!byEvent) {
        byEvent = new Map();
        memo.set(snapshot, byEvent);
      }
      byEvent.set(event.type, { next, effects: own });
      shared.add(next);
      return next;
    },
  };
}
