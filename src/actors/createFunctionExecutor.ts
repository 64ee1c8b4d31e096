import assert from 'node:assert/strict';
import { createAttemptSignal, type AttemptSignal } from './createAttemptSignal.js';
import { describeAbortReason } from './describeAbortReason.js';
import { describeThrown } from './describeThrown.mjs';
import { formatDuration } from '../plan/formatDuration.js';
import { makeProgress } from './makeProgress.js';
import type { AgentFunction, ExecutionContext, ExecutionResult, Executor, FunctionJob, Job } from './types.js';

/** The outcome of the function itself, before any stop. */
type Settled = { ok: true; output: unknown } | { ok: false; thrown: unknown };

/**
 * Runs `FunctionJob`s: `functions[job.agent](input, ticket, { signal, progress })` in the
 * engine's own thread, awaited.
 *
 * - A throw or rejection is mapped like a worker module's: `NON_RETRYABLE` (not retryable)
 *   for a `NonRetryableError` by name or anything with `retryable: false`, else `WORKER_ERROR`.
 * - Timeout and `ctx.signal` abort `signal`, and the attempt is reported as `TIMEOUT` or
 *   `ABORTED` at once, even if the function ignores the signal and keeps running (its later
 *   result is dropped). A function that blocks the thread cannot be interrupted: CPU-bound
 *   work belongs in a worker agent.
 * - An agent type without a registered function fails with `SPAWN_FAILED`, not retryable.
 *
 * `close()` aborts the functions still running, which are reported as `ABORTED`.
 */
export function createFunctionExecutor(functions: Readonly<Record<string, AgentFunction>>): Executor {
  const live = new Set<AttemptSignal>();
  let closed = false;

  async function runFunction(job: FunctionJob, ctx: ExecutionContext): Promise<ExecutionResult> {
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    // Own properties only: an agent named "constructor" or "toString" is not a function agent.
    const fn = Object.hasOwn(functions, job.agent) ? functions[job.agent] : undefined;
    if (typeof fn !== 'function') {
      const known = Object.keys(functions).sort().join(', ') || 'none';
      const message = `no function registered for agent type "${job.agent}" (registered: ${known})`;
      return { ok: false, error: { code: 'SPAWN_FAILED', message, retryable: false }, durationMs: elapsed() };
    }
    // The attempt's signal (caller's abort + deadline) is made only when needed: when the
    // function reads `signal`, or when it returns a promise that must be raced against a stop.
    // A synchronous function, the common case for light work, costs no controller and no timer.
    let attempt: AttemptSignal | undefined;
    const attemptSignal = (): AttemptSignal => {
      if (!attempt) {
        attempt = createAttemptSignal(ctx.signal, job.timeoutMs);
        live.add(attempt);
        if (closed) attempt.stop('close');
      }
      return attempt;
    };
    const work = { get signal() { return attemptSignal().signal; }, progress: makeProgress(ctx.progress) };
    try {
      // Called on a later microtask, never inside the engine's own call stack.
      await Promise.resolve();
      if (closed || (ctx.isAborted ? ctx.isAborted() : ctx.signal.aborted)) return stopped(job, attemptSignal(), ctx, elapsed(), false);
      let value: unknown;
      try {
        value = fn(job.input, job.ticket, work);
      } catch (thrown) {
        return { ok: false, error: describeThrown(thrown, `agent function "${job.agent}"`), durationMs: elapsed() };
      }
      if (!isThenable(value)) return { ok: true, output: value, durationMs: elapsed() };
      const a = attemptSignal();
      if (a.signal.aborted) return stopped(job, a, ctx, elapsed(), true);
      const stop = new Promise<undefined>((resolve) => a.signal.addEventListener('abort', () => resolve(undefined), { once: true }));
      const settledWork = Promise.resolve(value).then(
        (output): Settled => ({ ok: true, output }),
        (thrown: unknown): Settled => ({ ok: false, thrown }),
      );
      // race() subscribes to both, so a function that settles after a stop cannot raise an
      // unhandled rejection; its result is simply dropped.
      const settled = await Promise.race([settledWork, stop]);
      if (settled === undefined) return stopped(job, a, ctx, elapsed(), true);
      if (settled.ok) return { ok: true, output: settled.output, durationMs: elapsed() };
      return { ok: false, error: describeThrown(settled.thrown, `agent function "${job.agent}"`), durationMs: elapsed() };
    } finally {
      if (attempt) {
        attempt.dispose();
        live.delete(attempt);
      }
    }
  }

  return {
    run(job: Job, ctx: ExecutionContext): Promise<ExecutionResult> {
      assert(job.kind === 'function', `function executor got a ${job.kind} job`);
      return runFunction(job, ctx);
    },
    close() {
      closed = true;
      for (const attempt of live) attempt.stop('close');
      return Promise.resolve();
    },
  };
}

/** The result of an attempt we stopped; `started` says whether the function had been called. */
function stopped(job: FunctionJob, attempt: AttemptSignal, ctx: ExecutionContext, durationMs: number, started: boolean): ExecutionResult {
  const consequence = started ? '; the function was told through its signal' : ' before the function was called';
  if (attempt.cause === 'timeout') {
    const message = `agent function "${job.agent}" timed out after ${formatDuration(job.timeoutMs)}${consequence}`;
    return { ok: false, error: { code: 'TIMEOUT', message, retryable: true }, durationMs };
  }
  const why = attempt.cause === 'close' ? 'the executor was closed' : describeAbortReason(ctx.signal.reason);
  const message = `agent function "${job.agent}" aborted${why === undefined ? '' : ` (${why})`}${consequence}`;
  return { ok: false, error: { code: 'ABORTED', message, retryable: true }, durationMs };
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (typeof value === 'object' || typeof value === 'function') && value !== null && typeof (value as { then?: unknown }).then === 'function';
}
