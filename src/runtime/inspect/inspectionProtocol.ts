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

/** One event of the protocol, as tpe builds them. */
export type InspectionEvent = StatelyActorEvent | StatelyEventEvent | SnapshotInspection;

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
