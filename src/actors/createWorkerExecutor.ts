import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { deserialize } from 'node:v8';
import { MessagePort, receiveMessageOnPort } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { classifyWorkerRejection } from './classifyWorkerRejection.js';
import { createAttemptSignal, type AttemptSignal } from './createAttemptSignal.js';
import { describeAbortReason } from './describeAbortReason.js';
import { formatDuration } from '../plan/formatDuration.js';
import { makeProgress } from './makeProgress.js';
import type { ExecutionContext, ExecutionResult, Executor, Job, WorkerJob } from './types.js';
import type { ProgressMessage, ProgressPortMessage, WakeTask, WorkerReply, WorkerTask } from './workerProtocol.js';

/** Options of `createWorkerExecutor`. */
export interface WorkerExecutorOptions {
  /**
   * Called when a pool reports an error outside any task: a worker thread that fails while
   * idle (an uncaught error from async work a module left running). Piscina replaces the
   * thread; without this hook the error is dropped rather than crashing the engine.
   */
  onPoolError?: (error: unknown, module: string) => void;
  /**
   * Keeps idle threads this long before ending them. Piscina's default (0) makes a sparse
   * task pay ~33 ms to start a thread; 60 s makes it ~0.5 ms (FACTS.md).
   * @default 60000
   */
  idleTimeoutMs?: number;
}

/** Plain JavaScript: worker threads on Node 20 cannot load TypeScript. */
const ENTRY = fileURLToPath(new URL('./workerEntry.mjs', import.meta.url));

type Pool = Piscina<WorkerTask | WakeTask, WorkerReply>;

/**
 * Runs `WorkerJob`s: the default export (or named `run`) of `job.module`, called as
 * `fn(input, ticket, { progress })` in a piscina worker thread.
 *
 * - One pool per (agent type `job.pool`, module, memory limit), created on first use with `maxThreads =
 *   job.poolSize`; a later job with another `poolSize` (the agent count was adjusted) gets a
 *   fresh pool while the old one finishes its tasks and closes. `memoryLimitMb` becomes the
 *   threads' `resourceLimits.maxOldGenerationSizeMb`.
 * - Timeout and `ctx.signal` abort the task through one signal; piscina rejects it and
 *   terminates its thread (`TIMEOUT`, `ABORTED`). The deadline counts from `run()`, time
 *   spent waiting for a thread included.
 * - A thrown error comes back as data: `NON_RETRYABLE` (not retryable) when it is a
 *   `NonRetryableError` by name or has `retryable: false`, else `WORKER_ERROR`.
 * - A thread that dies (`process.exit`, out of memory) fails only its ticket with
 *   `WORKER_CRASHED` and `agentCrashed: true`; piscina replaces the thread.
 * - `progress(fraction, message?)` inside the module reaches `ctx.progress`, over one port
 *   per thread (a port made and transferred with every task cost each task a second
 *   message and a wake-up of the engine's thread, for reports few modules make).
 *
 * `close()` destroys every pool; tasks still running are reported as `ABORTED`.
 */
export function createWorkerExecutor(options: WorkerExecutorOptions = {}): Executor {
  const pools = new Map<string, Pool>();
  /** Pools replaced after a poolSize change, closing once their tasks are done. */
  const retiring = new Set<Pool>();
  const live = new Set<AttemptSignal>();
  let closed = false;
  /** Progress handlers of the tasks in flight, by task id. */
  const reporters = new Map<number, (fraction: number, message?: string) => void>();
  let lastTaskId = 0;
  /** One per live thread of any pool: what its tasks report progress on. */
  const progressPorts = new Set<MessagePort>();
  const onProgress = (report: ProgressMessage): void => reporters.get(report.taskId)?.(report.fraction, report.message);

  /** A new thread's progress port (see workerEntry.mjs); unref'd, it never keeps the process alive. */
  function adoptProgressPort(message: unknown): void {
    // A module may post on parentPort too: only our entry's port is taken.
    const port = (message as Partial<ProgressPortMessage> | null)?.tpeProgressPort;
    if (!(port instanceof MessagePort)) return;
    if (closed) return port.close();
    port.on('message', onProgress);
    port.once('close', () => progressPorts.delete(port));
    port.unref();
    progressPorts.add(port);
  }

  /** Reports posted before a reply are queued by the time it comes, maybe not yet dispatched. */
  function drainProgress(): void {
    for (const port of progressPorts) {
      for (let entry = receiveMessageOnPort(port); entry !== undefined; entry = receiveMessageOnPort(port)) {
        onProgress(entry.message as ProgressMessage);
      }
    }
  }

  function poolFor(job: WorkerJob): Pool {
    const key = `${job.pool ?? ''}\0${job.memoryLimitMb ?? ''}\0${job.module}`;
    const maxThreads = Math.max(1, Math.floor(job.poolSize));
    const existing = pools.get(key);
    if (existing !== undefined && existing.options.maxThreads === maxThreads) return existing;
    if (existing !== undefined) {
      // Piscina cannot resize a pool. close() (not destroy) lets the old pool's running
      // tasks finish; the supervisor never has more tasks in flight than agents anyway.
      retiring.add(existing);
      void existing.close().finally(() => retiring.delete(existing)).catch(() => undefined);
    }
    const pool: Pool = new Piscina<WorkerTask | WakeTask, WorkerReply>({
      filename: ENTRY,
      minThreads: 0,
      maxThreads,
      idleTimeout: options.idleTimeoutMs ?? 60_000,
      // Run and wait time histograms, updated at every task, that nothing here reads.
      recordTiming: false,
      ...(job.memoryLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: job.memoryLimitMb } }),
    });
    // An EventEmitter 'error' without a listener would throw in the engine's thread.
    pool.on('error', (error: unknown) => options.onPoolError?.(error, job.module));
    pool.on('message', adoptProgressPort);
    pools.set(key, pool);
    return pool;
  }

  async function runTask(job: WorkerJob, ctx: ExecutionContext): Promise<ExecutionResult> {
    const startedAt = performance.now();
    const elapsed = (): number => Math.round(performance.now() - startedAt);
    const attempt = createAttemptSignal(ctx.signal, job.timeoutMs);
    live.add(attempt);
    if (closed) attempt.stop('close');
    const taskId = ++lastTaskId;
    reporters.set(taskId, makeProgress(ctx.progress));
    let pool: Pool | undefined;
    try {
      if (attempt.signal.aborted) return stopped(job, attempt, ctx, elapsed(), false);
      pool = poolFor(job);
      const reply = await pool.run(
        { module: job.module, input: job.input, ticket: job.ticket, taskId },
        { signal: attempt.signal },
      );
      drainProgress();
      if (!reply.ok) return { ok: false, error: reply.error, durationMs: elapsed() };
      const output = reply.serialized === undefined ? reply.output : deserialize(reply.serialized);
      return { ok: true, output, durationMs: elapsed() };
    } catch (err) {
      // The task's thread died or was terminated: tasks queued behind it need a new one.
      if (pool !== undefined && !closed) wakeQueue(pool);
      // Piscina rejects an aborted task with an AbortError before it terminates the thread:
      // what we stopped is reported by its cause, not by piscina's wording.
      if (attempt.cause !== undefined) return stopped(job, attempt, ctx, elapsed(), true);
      return {
        ok: false,
        error: classifyWorkerRejection(err, { module: job.module, memoryLimitMb: job.memoryLimitMb }),
        durationMs: elapsed(),
      };
    } finally {
      attempt.dispose();
      live.delete(attempt);
      reporters.delete(taskId);
    }
  }

  return {
    run(job: Job, ctx: ExecutionContext): Promise<ExecutionResult> {
      assert(job.kind === 'worker', `worker executor got a ${job.kind} job`);
      return runTask(job, ctx);
    },
    async close() {
      closed = true;
      for (const attempt of live) attempt.stop('close');
      for (const port of progressPorts) port.close();
      progressPorts.clear();
      const all = [...pools.values(), ...retiring];
      pools.clear();
      retiring.clear();
      await Promise.allSettled(all.map((pool) => pool.destroy()));
    },
  };
}

/**
 * Piscina (5.x) replaces a thread that dies under a task (`process.exit`, out of memory,
 * terminated on timeout or abort) only up to `minThreads`, which is 0 here: tasks queued
 * behind it then wait for the next `run()` call, forever if none comes. Tasks queue when
 * agent types share a pool (same module and memory limit) or a caller runs more tasks than
 * `poolSize`. A task submitted while others wait makes piscina start a thread for the queue:
 * a wake task, which the new thread runs after the waiting ones, doing nothing.
 */
function wakeQueue(pool: Pool): void {
  if (pool.queueSize === 0 || pool.threads.length >= pool.options.maxThreads) return;
  pool.run({ wake: true }).catch(() => undefined);
}

/** The result of a task we stopped; `started` says whether it had been handed to piscina. */
function stopped(job: WorkerJob, attempt: AttemptSignal, ctx: ExecutionContext, durationMs: number, started: boolean): ExecutionResult {
  const retryable = true;
  const consequence = started ? '; worker thread terminated' : ' before the task started';
  if (attempt.cause === 'timeout') {
    const message = `timed out after ${formatDuration(job.timeoutMs)}${consequence}`;
    return { ok: false, error: { code: 'TIMEOUT', message, retryable }, durationMs };
  }
  const why = attempt.cause === 'close' ? 'the executor was closed' : describeAbortReason(ctx.signal.reason);
  const message = `aborted${why === undefined ? '' : ` (${why})`}${consequence}`;
  return { ok: false, error: { code: 'ABORTED', message, retryable }, durationMs };
}
