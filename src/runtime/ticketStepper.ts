/**
 * Steps ticket statecharts as data.
 *
 * Every ticket's state is a snapshot of `ticketMachine`, advanced by the
 * machine's own `transition` with one actor scope reused for all tickets.
 * XState's public `transition()` does the same but builds a throw-away actor
 * and system per call (9–23 µs against ~4 µs, FACTS.md); a live actor per
 * ticket costs a spawn and a stop each (quadratic in a parent's children).
 * The scope's action executor collects the named effects of a step instead of
 * running them; the coordinator carries them out. The machine stays the only
 * definition of what a ticket may do.
 */
import { createActor, type AnyActorScope, type SnapshotFrom } from 'xstate';
import { ticketMachine, type TicketContext, type TicketEvent, type TicketInput, type TicketState } from '../machines/ticketMachine.js';

export type TicketSnapshot = SnapshotFrom<typeof ticketMachine>;

/** A named effect a step asked for (`startWork`, `armBackoff`, …). */
export type TicketEffect = 'startWork' | 'startValidation' | 'startRollback' | 'armBackoff' | 'disarmBackoff' | 'abortWork';

export interface TicketStepper {
  /** The snapshot a new ticket starts from: `waiting`, or directly `ready`/a final state. */
  create(input: TicketInput, state?: 'waiting' | 'ready' | 'completed' | 'cancelled'): TicketSnapshot;
  /** Applies `event`; `effects` receives the named effects in order. */
  step(snapshot: TicketSnapshot, event: TicketEvent, effects: TicketEffect[]): TicketSnapshot;
}

export function createTicketStepper(): TicketStepper {
  // The scope's `self` is an actor that is never started: it exists so that
  // the machine's built-in actions find a well-formed scope and system.
  const self = createActor(ticketMachine, {
    input: { ticketId: '', retries: 0, gates: 0, hasRollback: false, backoffMs: 0 },
  });
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
  const base: Omit<TicketContext, keyof TicketInput> = {
    depsMet: false,
    attempt: 0,
    failures: 0,
    agentId: undefined,
    failedAt: undefined,
    retryAt: undefined,
    lastError: undefined,
    reason: undefined,
    rollback: undefined,
  };

  return {
    create(input, state = 'waiting') {
      // A ticket whose dependencies are already met when it is first looked at
      // starts in `ready`: its `waiting --DEPS_MET--> ready` step is implied, and
      // skipping it saves one transition per ticket (most tickets of a plan).
      const context: TicketContext = { ...input, ...base, depsMet: state !== 'waiting' };
      return ticketMachine.resolveState({ value: state satisfies TicketState, context });
    },
    step(snapshot, event, effects) {
      sink = effects;
      return ticketMachine.transition(snapshot, event, scope);
    },
  };
}
