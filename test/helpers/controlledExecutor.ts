/**
 * An executor whose every run (work, gate, rollback) is a promise the test
 * settles: success, failure, non-retryable failure, a crashed agent, or left
 * hanging. An aborted run is not settled by the abort: like a process that
 * takes its time to die after TERM, it ends when the test says so
 * (`settle(attempt, aborted())`), which lets a test hold the engine in
 * `pausing` or `stopping` for as long as it likes.
 */
import type { ExecutionResult, Executor, Job } from '../../src/actors/types.js';
import type { EngineJob, JobMeta } from '../../src/runtime/jobForTicket.js';

export interface ControlledRun {
  job: EngineJob;
  meta: JobMeta;
  /** The engine aborted it (pause, stop --force, cancel); it still runs until settled. */
  aborted: boolean;
  settled: boolean;
  settle(result: ExecutionResult): void;
}

export const ok = (): ExecutionResult => ({ ok: true, durationMs: 0 });
export const failed = (retryable = true, message = 'boom'): ExecutionResult => ({
  ok: false,
  error: { code: retryable ? 'EXIT_CODE' : 'NON_RETRYABLE', message, retryable },
  durationMs: 0,
});
/** The agent died under the run (a worker thread exited). */
export const crashed = (): ExecutionResult => ({
  ok: false,
  error: { code: 'WORKER_CRASHED', message: 'worker exited with code: 7', retryable: false, agentCrashed: true },
  durationMs: 0,
});
export const aborted = (): ExecutionResult => ({ ok: false, error: { code: 'ABORTED', message: 'aborted', retryable: true }, durationMs: 0 });

export class ControlledExecutor implements Executor {
  readonly runs: ControlledRun[] = [];

  run(job: Job, ctx: Parameters<Executor['run']>[1]): Promise<ExecutionResult> {
    const engineJob = job as EngineJob;
    return new Promise<ExecutionResult>((resolve) => {
      const run: ControlledRun = {
        job: engineJob,
        meta: engineJob.meta,
        aborted: false,
        settled: false,
        settle: (result) => {
          if (run.settled) throw new Error(`run of ${run.meta.ticketId} (${run.meta.phase} ${run.meta.attempt}) settled twice`);
          run.settled = true;
          resolve(result);
        },
      };
      if (ctx.signal.aborted) run.aborted = true;
      else ctx.signal.addEventListener('abort', () => (run.aborted = true), { once: true });
      this.runs.push(run);
    });
  }

  /** Runs not yet settled, optionally of one ticket. */
  pending(ticketId?: string): ControlledRun[] {
    return this.runs.filter((r) => !r.settled && (ticketId === undefined || r.meta.ticketId === ticketId));
  }

  /** The one unsettled run of a ticket (throws when there is none or several). */
  current(ticketId: string): ControlledRun {
    const runs = this.pending(ticketId);
    if (runs.length !== 1) throw new Error(`expected one pending run of ${ticketId}, found ${runs.length}`);
    return runs[0] as ControlledRun;
  }

  /** Settles every aborted run that is still pending (the killed processes are gone). */
  reapAborted(): number {
    const runs = this.pending().filter((r) => r.aborted);
    for (const r of runs) r.settle(aborted());
    return runs.length;
  }
}

/** Yields to the event loop until the engine's batched notifications and promise reactions have run. */
export async function quiesce(turns = 4): Promise<void> {
  for (let k = 0; k < turns; k++) await new Promise<void>((resolve) => setImmediate(resolve));
}
