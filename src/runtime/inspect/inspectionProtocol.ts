/**
 * The inspection protocol of the Stately inspector (`@statelyai/inspect`):
 * `@xstate.actor` (an actor appeared, with its machine definition),
 * `@xstate.event` (an event reached it) and `@xstate.snapshot` (its new
 * state). tpe speaks it twice: to an external inspector (`--inspect ws://…`)
 * and to its own dashboard page, which is the live inspector for XState v5.
 *
 * Tickets are not live actors in tpe (each is a statechart snapshot the
 * coordinator steps; see src/runtime/ticketStepper.ts), so their inspection
 * events are built from the engine's event stream, with session ids of their
 * own; the supervisor and the agents are real actors.
 */
import type { AnyStateMachine } from 'xstate';
import type { StatelyActorEvent, StatelyEventEvent, StatelySnapshotEvent } from '@statelyai/inspect';

export type { StatelyActorEvent, StatelyEventEvent };

/** A snapshot as the inspector shows it: the library types it as an XState `Snapshot`, but only these fields travel. */
export interface InspectedSnapshot {
  status?: 'active' | 'done' | 'error' | 'stopped';
  value?: unknown;
  context?: unknown;
  output?: unknown;
}

/** `@xstate.snapshot` with a plain snapshot (the wire format is the same). */
export type SnapshotInspection = Omit<StatelySnapshotEvent, 'snapshot'> & { snapshot: InspectedSnapshot };

/**
 * Many ticket actors at once, column by column: exactly the events
 * `expandTicketBatch` lists (per ticket an `@xstate.actor` when `announce`,
 * else an `@xstate.event` and an `@xstate.snapshot`), in a tenth of the bytes.
 * The dashboard's frames carry tickets this way: 10,000 tickets changing in
 * one frame are 20,000 events, 4.5 MB as separate objects.
 */
export interface TicketBatch {
  type: '@tpe.tickets';
  /** Session id of the supervisor: the tickets' parent and root. */
  rootId: string;
  /** Actors appearing (with `definition`, the ticket machine's, once for all) rather than moving. */
  announce: boolean;
  definition?: string;
  /** Value tables: `state[i]` indexes `states`, `event[i]` indexes `events`. */
  states: readonly string[];
  events: readonly string[];
  tickets: string[];
  state: number[];
  event: number[];
  attempt: number[];
  agentId: Array<string | null>;
  /** Engine-clock times: of the transition, of the attempt's start, of the end (null: none). */
  at: number[];
  startedAt: Array<number | null>;
  endedAt: Array<number | null>;
}

/** One event of the protocol, as tpe builds them (`TicketBatch`: many ticket events in one). */
export type InspectionEvent = StatelyActorEvent | StatelyEventEvent | SnapshotInspection | TicketBatch;

export { INSPECT_PROTOCOL_VERSION, ticketSessionId } from './inspectionEvents.mjs';
/** Session id of an agent as seen from the event stream (another process has no actor refs). */
export const agentSessionId = (agentId: string): string => `agent:${agentId}`;
/** Session id of the run's supervisor as seen from the event stream. */
export const supervisorSessionId = (runId: string): string => `supervisor:${runId}`;

const definitions = new WeakMap<AnyStateMachine, string>();

/**
 * A machine's definition as the inspector wants it: its config as JSON,
 * functions left out (guards and actions appear by name already). Computed
 * once per machine: it goes into every `@xstate.actor` event of its kind.
 */
export function definitionOf(machine: AnyStateMachine): string {
  let text = definitions.get(machine);
  if (text === undefined) {
    text = JSON.stringify(machine.config, (_key, value: unknown) => (typeof value === 'function' ? undefined : value));
    definitions.set(machine, text);
  }
  return text;
}
