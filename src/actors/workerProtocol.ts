/**
 * What crosses the thread boundary between `createWorkerExecutor` and `workerEntry.mjs`.
 * Everything here is plain data: errors travel as `{ code, message, retryable }` because
 * `postMessage` keeps an Error's name and message but drops its class and custom fields.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ExecutionError, WorkerTicketInfo } from './types.js';

/** The piscina task. `port` is transferred with it and is private to this one task. */
export interface WorkerTask {
  /** Absolute path of the user's module. */
  module: string;
  input: unknown;
  ticket: WorkerTicketInfo;
  port: MessagePort;
}

/**
 * A task that does nothing: the executor runs one to make piscina start a thread for tasks
 * left queued when a thread died (see `wakeQueue` in createWorkerExecutor.ts).
 */
export interface WakeTask {
  wake: true;
}

/**
 * The task's return value. The output itself travels on the task's port (as an `output`
 * message, posted before this reply): a value that cannot be cloned then fails with a
 * clear error inside the worker, instead of crashing the thread when piscina posts it.
 */
export type WorkerReply = { ok: true } | { ok: false; error: ExecutionError };

/** Messages on the task's port, worker → engine. */
export type WorkerPortMessage =
  | { type: 'progress'; fraction: number; message?: string }
  | { type: 'output'; output: unknown };
