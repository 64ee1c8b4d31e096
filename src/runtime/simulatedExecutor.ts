/**
 * An executor that does no work: each job takes its ticket's estimate on a
 * virtual clock. With it, the real engine is the simulator: the predicted
 * schedule comes from the same dispatch code as a real run.
 */
import type { ExecutionResult, Executor, Job } from '../actors/types.js';
import type { EngineJob } from './jobForTicket.js';
import type { VirtualClock } from './virtualClock.js';

export interface SimulatedExecutorOptions {
  /** Duration of a work job without an estimate. */
  defaultEstimateMs: number;
  /** Overrides the duration of a job (tests use it to script failures and times). */
  durationOf?: (job: EngineJob) => number;
  /** Overrides the outcome of a job (tests use it to script failures). */
  outcomeOf?: (job: EngineJob) => ExecutionResult | undefined;
}

export function createSimulatedExecutor(clock: VirtualClock, options: SimulatedExecutorOptions): Executor {
  return {
    run(job: Job, ctx) {
      const ej = job as EngineJob;
      const duration =
        options.durationOf?.(ej) ?? (ej.meta?.phase === 'work' ? (ej.meta.estimateMs ?? options.defaultEstimateMs) : 0);
      const timeoutMs = 'timeoutMs' in job ? job.timeoutMs : Number.POSITIVE_INFINITY;
      return new Promise<ExecutionResult>((resolve) => {
        const startedAt = clock.now();
        if (ctx.signal.aborted) {
          resolve({ ok: false, error: { code: 'ABORTED', message: 'aborted', retryable: true }, durationMs: 0 });
          return;
        }
        const timedOut = duration > timeoutMs;
        const id = clock.setTimeout(() => {
          ctx.signal.removeEventListener('abort', onAbort);
          const durationMs = clock.now() - startedAt;
          if (timedOut) {
            resolve({ ok: false, error: { code: 'TIMEOUT', message: `timed out after ${timeoutMs}ms`, retryable: true }, durationMs });
            return;
          }
          resolve(options.outcomeOf?.(ej) ?? { ok: true, exitCode: 0, durationMs });
        }, timedOut ? timeoutMs : duration);
        const onAbort = () => {
          clock.clearTimeout(id);
          resolve({ ok: false, error: { code: 'ABORTED', message: 'aborted', retryable: true }, durationMs: clock.now() - startedAt });
        };
        ctx.signal.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
