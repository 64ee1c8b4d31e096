import assert from 'node:assert/strict';
import type { AttemptSignal } from './createAttemptSignal.js';
import { runProcessJob } from './runProcessJob.js';
import type { SpawnMethod } from './spawn/spawnChild.js';
import type { ExecutionContext, ExecutionResult, Executor, Job } from './types.js';

/**
 * Runs `ProcessJob`s: a command in a child process of its own process group.
 *
 * - `{ argv }` is executed directly, `{ shell }` as `/bin/sh -c <string>` exactly as written.
 *   Ticket fields reach the command only through `job.env` (merged over the engine's own
 *   environment as it was when the executor was created), never through the command text.
 * - Children start through `posix_spawn` on Linux (see `spawn/loadPosixSpawn.ts`: Node's
 *   spawn forks the whole engine), else through `child_process.spawn`; `TPE_SPAWN=node`
 *   forces the latter.
 * - stdout and stderr are appended to `job.logFile` (its directory is created) through a file
 *   descriptor, between a header (time, command, cwd, attempt environment) and a footer (the
 *   outcome); stdin comes from `job.stdinFile` or is empty.
 * - `ctx.onStart({ pid })` is called once the process exists; `pid` is also its group id.
 * - Timeout and `ctx.signal` send SIGTERM to the whole group, then SIGKILL after
 *   `job.killGraceMs`. After the leader exits, whatever is left of its group gets the same
 *   treatment, without delaying the result.
 * - Results: exit 0 → ok; a code in `job.noRetryExitCodes` → `NON_RETRYABLE`; another non-zero
 *   code → `EXIT_CODE` (retryable); not found / not executable (also the shell's 127/126) →
 *   `SPAWN_FAILED` (not retryable); `TIMEOUT`; `ABORTED`; an unexpected signal → `SIGNALED`.
 *
 * `close()` stops every running attempt (reported as `ABORTED`) and resolves once they have
 * ended and their groups are gone or SIGKILLed.
 *
 * @example
 * const executor = createProcessExecutor();
 * const result = await executor.run(
 *   { kind: 'process', command: { shell: 'npm test' }, cwd, env: { TICKET_ID: 'SYS-1' },
 *     logFile: '.tpe/logs/SYS-1.log', timeoutMs: 60_000, killGraceMs: 5_000, noRetryExitCodes: [78] },
 *   { signal: AbortSignal.timeout(600_000) },
 * );
 */
export interface ProcessExecutorOptions {
  /**
   * How children are started: `auto` (the default) uses `posix_spawn` where it can be
   * loaded, `child_process` always uses Node's spawn (as does `TPE_SPAWN=node`).
   */
  spawnWith?: SpawnMethod;
}

export function createProcessExecutor(options: ProcessExecutorOptions = {}): Executor {
  const live = new Set<AttemptSignal>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  const keep = (promise: Promise<unknown>): void => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise)).catch(() => undefined);
  };
  const hooks = {
    register(attempt: AttemptSignal) {
      live.add(attempt);
      // An attempt that was opening its log while close() ran registers late: stop it now.
      if (closed) attempt.stop('close');
      return () => void live.delete(attempt);
    },
    track: keep,
    // Read once: copying `process.env` costs a getenv per variable, per attempt.
    baseEnv: { ...process.env },
    spawnWith: options.spawnWith ?? 'auto',
  };

  return {
    run(job: Job, ctx: ExecutionContext): Promise<ExecutionResult> {
      assert(job.kind === 'process', `process executor got a ${job.kind} job`);
      if (closed) {
        return Promise.resolve({
          ok: false,
          error: { code: 'ABORTED', message: 'aborted: the executor was closed', retryable: true },
          durationMs: 0,
        });
      }
      const result = runProcessJob(job, ctx, hooks);
      keep(result);
      return result;
    },
    async close() {
      closed = true;
      for (const attempt of live) attempt.stop('close');
      // Attempts add their groups' cleanups to `pending` as they end: drain until stable.
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
