import type { ExecutionError } from './types.js';

/** What the rejection of a piscina task (not a stop we caused) says about the ticket. */
export interface WorkerRejectionContext {
  module: string;
  memoryLimitMb: number | undefined;
}

/**
 * Maps a rejected piscina task to an error. The worker entry returns every failure of the work
 * itself as data, so a rejection means the thread died under the task (`process.exit`, out of
 * memory, an uncaught error from stray async work) or the input could not be sent. Piscina
 * replaces a dead thread by itself; `agentCrashed` tells the agent machine to do the same.
 */
export function classifyWorkerRejection(err: unknown, context: WorkerRejectionContext): ExecutionError {
  const { module, memoryLimitMb } = context;
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: unknown; code?: unknown; message?: unknown };
  const text = typeof e.message === 'string' ? e.message : String(err);
  if (e.name === 'DataCloneError') {
    return {
      code: 'WORKER_ERROR',
      message: `the input for worker module ${module} cannot be sent to a worker thread (it must be structured-cloneable): ${text}`,
      retryable: false,
    };
  }
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') {
    const limit = memoryLimitMb === undefined ? "no limit set, so V8's default heap size" : `limit ${memoryLimitMb} MB`;
    return {
      code: 'WORKER_CRASHED',
      message: `worker thread ran out of memory (${limit}) running ${module}`,
      retryable: true,
      agentCrashed: true,
    };
  }
  // Piscina's wording: "worker exited with code: 7".
  const exit = /worker exited with code:? (-?\d+)/.exec(text);
  if (exit !== null) {
    return {
      code: 'WORKER_CRASHED',
      message: `worker thread exited with code ${exit[1]} while running ${module}`,
      retryable: true,
      agentCrashed: true,
    };
  }
  return {
    code: 'WORKER_CRASHED',
    message: `worker thread failed while running ${module}: ${text}`,
    retryable: true,
    agentCrashed: true,
  };
}
