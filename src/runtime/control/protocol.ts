/**
 * The control protocol: one JSON object per line over the run's Unix socket.
 * A request has an `id` the response repeats; `subscribe` keeps the
 * connection open and streams events. Small on purpose: every command a user
 * gives from another terminal is one of these.
 */
import type { Priority } from '../../plan/types.js';

export interface AdjustRequest {
  /** Change every agent type's pool by this many agents. */
  parallelism?: number;
  /** Set pool sizes: `{ shell: 8 }`. */
  agents?: Record<string, number>;
  /** Set priorities: `{ 'SYS-015': 'critical' }`. */
  priority?: Record<string, Priority>;
  hold?: string[];
  release?: string[];
  cancel?: string[];
  /** Set resource capacities: `{ database: 2 }`. */
  capacity?: Record<string, number>;
  /** A file of tickets to add (absolute path): a list, or `tickets:` with a list, in the plan's format. */
  add?: string;
}

export type ControlRequest =
  | { id: number; op: 'status'; tickets?: boolean; waitLimit?: number }
  | { id: number; op: 'pause'; wait?: boolean }
  | { id: number; op: 'resume' }
  | { id: number; op: 'stop'; force?: boolean }
  | { id: number; op: 'adjust'; adjust: AdjustRequest }
  | { id: number; op: 'subscribe' };

export type ControlOp = ControlRequest['op'];

export type ControlResponse =
  | { id: number; ok: true; result: unknown }
  | { id: number; ok: false; error: { code: string; message: string } }
  /** A streamed event on a `subscribe` connection. */
  | { id: number; event: unknown };

/** Longest request line accepted: a request is small; anything bigger is an attack or a bug. */
export const MAX_REQUEST_BYTES = 1 << 20;
