/**
 * What `/api/stream` sends, as server-sent events, and how often. Pure: the
 * feed (DashboardFeed) decides when to call these, the page (assets/
 * dashboard.js) reads them.
 *
 * - `hello`, once per connection: the run's summary as of now and every
 *   actor as inspection events (`@xstate.actor` with its definition, each
 *   ticket's state, attempt, agent and times in its snapshot), so a page that
 *   connects or reconnects starts from scratch.
 * - `frame`, a few times a second while something changes (and every
 *   `IDLE_FRAME_MS` regardless, for the waits and the ETA): the run's summary
 *   and the inspection events of the actors that changed since the last frame.
 * - `end`, once the run has finished: the page stops listening.
 */
import type { InspectionEvent } from '../inspect/inspectionProtocol.js';
import type { RunSnapshot } from '../runSnapshot.js';

export interface HelloMessage {
  runId: string;
  /** Bumped when tickets are added to the running plan: the page reloads `/api/info` and the DAG. */
  planVersion: number;
  /** The run had finished before this connection: `end` follows at once. */
  finished: boolean;
  /** The summary (no `tickets`): states come in `inspection`. */
  snapshot: RunSnapshot;
  inspection: InspectionEvent[];
}

export interface FrameMessage {
  /** Frames of this server, counted from 1; the page can tell a gap (it then reconnects). */
  seq: number;
  planVersion: number;
  /** The summary (no `tickets`): states come in `inspection`. */
  snapshot: RunSnapshot;
  inspection: InspectionEvent[];
}

export interface EndMessage {
  state: string;
}

/** Waits listed per frame: enough for the page's list, bounded for a big run. */
export const FRAME_WAIT_LIMIT = 50;
/** Fastest frame rate: what a person can follow, and few enough frames to stay cheap. */
export const FRAME_MS = 250;
/** Longest gap between frames: waits and the ETA change without events. */
export const IDLE_FRAME_MS = 2000;
/** Keeps proxies and the browser from timing out a quiet stream. */
export const HEARTBEAT_MS = 15_000;

/** One server-sent event. JSON text has no raw newlines, so one `data:` line suffices. */
export function sseEvent(name: 'hello' | 'frame' | 'end', data: HelloMessage | FrameMessage | EndMessage): string {
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** A comment line: ignored by EventSource, keeps the connection alive. */
export const SSE_HEARTBEAT = ': keep-alive\n\n';

/** Whether this tick sends a frame. */
export function frameDue(state: { dirty: boolean; sinceLastFrameMs: number; finishing: boolean }): boolean {
  return state.dirty || state.finishing || state.sinceLastFrameMs >= IDLE_FRAME_MS;
}

/**
 * Delay before the next tick, given what the last frame cost to build: never
 * more than ~10 % of the main thread, so a big run pays little for being
 * watched (a 10,000-ticket summary takes a few ms; the ETA is throttled by the
 * engine itself).
 */
export function nextTickMs(lastFrameCostMs: number): number {
  return Math.min(IDLE_FRAME_MS, Math.max(FRAME_MS, Math.ceil(10 * lastFrameCostMs)));
}
