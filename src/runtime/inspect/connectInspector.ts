/**
 * `--inspect ws://host:port`: lets a WebSocket inspector (the Stately
 * inspector through its bridge, or any server reading the protocol) watch
 * every actor of a run: the supervisor and its agents, real XState actors,
 * through the actor system's inspection hook and `@statelyai/inspect`; and
 * every ticket, whose statechart the coordinator steps without a live actor,
 * through the run's event stream.
 *
 * The library's own `inspect` observer is not used as is: it defers each
 * event with a timer and serialises whole snapshots (a supervisor snapshot
 * holds its children), and one frame per event written from the engine's
 * thread cost 4.5× a 10,000-ticket run. Here snapshots are cut down to
 * status, value and context, and tickets' events are built and written by a
 * worker thread from compact batches (InspectorThread). Nothing is attached
 * unless `--inspect` is given: a run without it pays nothing.
 */
import type { AnyActorRef, InspectionEvent as XStateInspectionEvent } from 'xstate';
import { ticketMachine } from '../../machines/ticketMachine.js';
import type { Engine } from '../createEngine.js';
import { definitionOf, type InspectedSnapshot } from './inspectionProtocol.js';
import { InspectorThread } from './InspectorThread.js';

export interface InspectorConnection {
  /** Sends what is queued (waiting up to `timeoutMs` for a slow inspector), then disconnects; the frames sent and dropped. */
  close(timeoutMs?: number): Promise<{ sent: number; dropped: number }>;
}

export interface ConnectOptions {
  onError?: (message: string) => void;
  onOpen?: () => void;
  /**
   * Plans up to this many tickets send the ticket machine's definition with
   * every ticket actor (so the inspector can draw each); bigger ones with the
   * first only (10,000 copies are 20 MB). @default 2000
   */
  definitionEachUpTo?: number;
  /**
   * Send an `@xstate.event` before each ticket's `@xstate.snapshot`, as a
   * live actor would. Off by default: the snapshot's `event` names the same
   * event, and the extra frame doubles what the inspector must read (66,000
   * frames instead of 33,000 for 10,000 tickets). @default false
   */
  ticketEvents?: boolean;
  /** Wait between attempts to reach an inspector that is not (yet) listening. @default 2000 */
  retryMs?: number;
}

/** Status, value and context of an actor's snapshot: what the inspector draws, without child actor refs. */
function compact(snapshot: unknown): InspectedSnapshot {
  const s = snapshot as { status?: InspectedSnapshot['status']; value?: unknown; context?: unknown; output?: unknown };
  const out: InspectedSnapshot = { status: s.status ?? 'active', value: s.value, context: s.context };
  if (s.output !== undefined) out.output = s.output;
  return out;
}

/**
 * Attaches an inspector to an engine before it starts. Asynchronous because
 * `@statelyai/inspect` is loaded only here: importing tpe costs nothing for it.
 */
export async function connectInspector(engine: Engine, url: string, options: ConnectOptions = {}): Promise<InspectorConnection> {
  const { createInspector } = await import('@statelyai/inspect');
  const supervisor = engine.supervisor;
  const thread = new InspectorThread({
    url,
    tickets: engine.plan.tickets.map((t) => t.id),
    parentId: supervisor.sessionId,
    definition: definitionOf(ticketMachine),
    definitionEach: engine.plan.tickets.length <= (options.definitionEachUpTo ?? 2000),
    eventFrames: options.ticketEvents ?? false,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.onOpen ? { onOpen: options.onOpen } : {}),
    ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
  });
  const inspector = createInspector({ send: (event) => thread.extra(event) }, { autoStart: false });

  // The real actors: those alive now are announced, later ones as they appear.
  inspector.actor(supervisor, compact(supervisor.getSnapshot()));
  for (const child of Object.values(supervisor.getSnapshot().children as Record<string, AnyActorRef>)) {
    inspector.actor(child, compact(child.getSnapshot()));
  }
  const subscription = supervisor.system.inspect((event: XStateInspectionEvent) => {
    switch (event.type) {
      case '@xstate.actor':
        if (event.actorRef !== supervisor) inspector.actor(event.actorRef, compact(event.actorRef.getSnapshot()));
        return;
      case '@xstate.event':
        inspector.event(event.actorRef, event.event, event.sourceRef ? { source: event.sourceRef } : {});
        return;
      case '@xstate.snapshot':
        inspector.snapshot(event.actorRef, compact(event.snapshot), { event: event.event });
        return;
      default:
        return; // microsteps and actions: the inspector draws from snapshots
    }
  });
  const off = engine.on((event) => {
    if (event.type === 'ticket.transition') thread.ticket(event);
  });
  inspector.start();
  return {
    close: async (timeoutMs?: number) => {
      off();
      subscription.unsubscribe();
      return thread.close(timeoutMs);
    },
  };
}
