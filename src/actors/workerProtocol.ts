/**
 * What crosses the thread boundary between `createWorkerExecutor` and `workerEntry.mjs`.
 * Everything here is plain data: errors travel as `{ code, message, retryable }` because
 * `postMessage` keeps an Error's name and message but drops its class and custom fields.
 */
import type { MessagePort } from 'node:worker_threads';
import type { ExecutionError, WorkerTicketInfo } from './types.js';

/** The piscina task. */
export interface WorkerTask {
  /** Absolute path of the user's module. */
  module: string;
  input: unknown;
  ticket: WorkerTicketInfo;
  /** Tags this task's progress messages: unique within the executor. */
  taskId: number;
}

/**
 * A task that does nothing: the executor runs one to make piscina start a thread for tasks
 * left queued when a thread died (see `wakeQueue` in createWorkerExecutor.ts).
 */
export interface WakeTask {
  wake: true;
}

/**
 * The task's return value. A primitive output travels as it is; any other output as
 * `serialized`, the bytes of `v8.serialize(output)`, made in the worker: a value that
 * cannot be cloned then fails with a clear error there, instead of crashing the thread
 * when piscina posts the reply.
 */
export type WorkerReply =
  | { ok: true; output?: unknown; serialized?: Uint8Array }
  | { ok: false; error: ExecutionError };

/**
 * What a thread sends on its parent port while piscina loads the entry (before piscina's
 * "ready"): the engine's end of the port its progress reports come on, for all its tasks.
 */
export interface ProgressPortMessage {
  tpeProgressPort: MessagePort;
}

/**
 * A progress report, worker → engine, on its thread's progress port (one port per thread,
 * not one made and transferred with every task). It is posted before the task's reply, so
 * the engine finds it queued when the reply comes.
 */
export interface ProgressMessage {
  taskId: number;
  fraction: number;
  message?: string;
}
