import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { classifyProcessExit } from './classifyProcessExit.js';
import { createAttemptSignal, type AttemptSignal } from './createAttemptSignal.js';
import { describeAbortReason } from './describeAbortReason.js';
import { describeCommand } from './describeCommand.js';
import { wrapWithExitFile } from './exitFileWrapper.js';
import { formatLogFooter, formatLogHeader } from './processLog.js';
import { lookUpExecutable } from './spawn/lookUpExecutable.js';
import type { ChildExit } from './spawn/decodeWaitStatus.js';
import { spawnChild, type ChildRequest, type SpawnMethod } from './spawn/spawnChild.js';
import { isGroupAlive, terminateGroup } from './terminateGroup.js';
import type { ExecutionContext, ExecutionErrorCode, ExecutionResult, ProcessJob } from './types.js';

/** What `createProcessExecutor` lends each attempt. */
export interface ProcessRunHooks {
  /** Lets the executor stop this attempt when it closes; returns the unregister function. */
  register(attempt: AttemptSignal): () => void;
  /** Hands over the cleanup of a group that outlives the attempt's result (awaited by `close()`). */
  track(cleanup: Promise<void>): void;
  /** The engine's environment, read once per executor: the base every attempt's `job.env` goes over. */
  baseEnv: Readonly<Record<string, string | undefined>>;
  spawnWith: SpawnMethod;
}

/** Errno codes that may go away by themselves: worth a retry. */
const TRANSIENT_ERRNO = new Set(['EAGAIN', 'EMFILE', 'ENFILE', 'ENOMEM', 'ENOSPC', 'EBUSY', 'EINTR']);

function errno(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function failure(code: ExecutionErrorCode, message: string, retryable: boolean, durationMs: number): ExecutionResult {
  return { ok: false, error: { code, message, retryable }, durationMs };
}

/** Failure to start anything: the cause is in the message; retryable only for resource exhaustion. */
function startFailure(what: string, err: unknown, durationMs: number): ExecutionResult {
  const message = err instanceof Error ? err.message : String(err);
  return failure('SPAWN_FAILED', `${what}: ${message}`, TRANSIENT_ERRNO.has(errno(err) ?? ''), durationMs);
}

/**
 * Runs one process attempt: see `createProcessExecutor` for the contract. Never rejects for
 * a failure of the command; rejects only if `ctx.onStart` throws (after killing the group).
 */
export async function runProcessJob(job: ProcessJob, ctx: ExecutionContext, hooks: ProcessRunHooks): Promise<ExecutionResult> {
  const startedAt = performance.now();
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  const abortedEarly = (): ExecutionResult => {
    const why = describeAbortReason(ctx.signal.reason);
    return failure('ABORTED', `aborted before the command started${why === undefined ? '' : ` (${why})`}`, true, elapsed());
  };
  if (ctx.signal.aborted) return abortedEarly();

  // The log and stdin files are opened, written and closed synchronously: these are a few
  // small writes to local files (the page cache), and each would otherwise be a round trip
  // through libuv's pool, which cost more CPU than the `true` a ticket may run.
  let log: number;
  try {
    log = openLog(job.logFile);
  } catch (err) {
    return startFailure(`cannot open log file ${job.logFile}`, err, elapsed());
  }
  try {
    const result = await runWithLog(job, ctx, hooks, log, elapsed);
    // A full disk must not turn a finished attempt into an executor failure: the footer is a
    // courtesy to the reader, the result is what counts.
    ignoreError(() => writeSync(log, formatLogFooter(job, result, new Date())));
    return result;
  } finally {
    ignoreError(() => closeSync(log));
  }
}

/**
 * Append mode: attempts of a ticket accumulate in one file, and every write by the command
 * (or its grandchildren, which share the descriptor) lands at the end. The directory is
 * made only when missing, not checked before every attempt.
 */
function openLog(file: string): number {
  // Logs hold what commands print, secrets included: readable by the run's user only.
  try {
    return openSync(file, 'a', 0o600);
  } catch (err) {
    if (errno(err) !== 'ENOENT') throw err;
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
    return openSync(file, 'a', 0o600);
  }
}

function ignoreError(effect: () => unknown): void {
  try {
    effect();
  } catch {
    /* see the callers */
  }
}

async function runWithLog(job: ProcessJob, ctx: ExecutionContext, hooks: ProcessRunHooks, log: number, elapsed: () => number): Promise<ExecutionResult> {
  let stdin: number | undefined;
  if (job.stdinFile !== undefined) {
    try {
      stdin = openSync(job.stdinFile, 'r');
    } catch (err) {
      return startFailure(`cannot read stdin file ${job.stdinFile}`, err, elapsed());
    }
  }
  try {
    try {
      writeSync(log, formatLogHeader(job, new Date()));
    } catch (err) {
      return startFailure(`cannot write log file ${job.logFile}`, err, elapsed());
    }
    const command = 'shell' in job.command ? ['/bin/sh', '-c', job.command.shell] : [...job.command.argv];
    if (command[0] === undefined || command[0] === '') return failure('SPAWN_FAILED', 'command is empty', false, elapsed());
    if (job.exitFile !== undefined) {
      const path = job.env.PATH ?? hooks.baseEnv.PATH;
      let found = lookUpExecutable(command[0], path, job.cwd, false);
      // The wrapper's shell searches PATH itself, so a remembered program that has gone since
      // would come back as exit code 127: one stat decides whether to look again.
      if ('path' in found && !existsSync(found.path)) found = lookUpExecutable(command[0], path, job.cwd, true);
      if ('problem' in found) {
        const what = found.problem === 'missing' ? 'command not found' : 'command not executable';
        return failure('SPAWN_FAILED', `${what}: ${describeCommand(job.command)}`, false, elapsed());
      }
    }
    const [file, ...args] = job.exitFile === undefined ? command : wrapWithExitFile(command, job.exitFile);
    if (file === undefined) return failure('SPAWN_FAILED', 'command is empty', false, elapsed());
    // Descriptors, not pipes: output never passes through (or accumulates in) the engine,
    // and a grandchild that keeps the descriptor open cannot delay the exit.
    const request = { file, args, baseEnv: hooks.baseEnv, env: job.env, cwd: job.cwd, stdinFd: stdin, outFd: log, method: hooks.spawnWith };
    return await supervise(request, job, ctx, hooks, elapsed);
  } finally {
    // The child has its own copy of the stdin descriptor once it started; ours is closed
    // after the outcome.
    if (stdin !== undefined) ignoreError(() => closeSync(stdin));
  }
}

function supervise(
  request: ChildRequest,
  job: ProcessJob,
  ctx: ExecutionContext,
  hooks: ProcessRunHooks,
  elapsed: () => number,
): Promise<ExecutionResult> {
  return new Promise<ExecutionResult>((resolve, reject) => {
    let exited = false;
    let pid = 0;
    let attempt: AttemptSignal | undefined;
    let unregister = (): void => undefined;
    const onStop = (): void => {
      // The leader may have exited a moment ago with its exit not yet reported: the group
      // may then hold only stragglers, which this kills just as well.
      if (!exited) hooks.track(terminateGroup(pid, job.killGraceMs));
    };
    spawnChild(request, {
      error(err) {
        void explainSpawnError(job, err).then((message) =>
          resolve(failure('SPAWN_FAILED', message, TRANSIENT_ERRNO.has(errno(err) ?? ''), elapsed())),
        );
      },
      started(startedPid) {
        pid = startedPid;
        // The attempt's clock and the caller's abort start here: an abort that came while
        // the child was being started is seen by createAttemptSignal and stops it now.
        const signal = createAttemptSignal(ctx.signal, job.timeoutMs);
        attempt = signal;
        unregister = hooks.register(signal);
        signal.signal.addEventListener('abort', onStop, { once: true });
        if (signal.signal.aborted) onStop();
        try {
          ctx.onStart?.({ pid });
        } catch (err) {
          // The caller cannot record the process, so it must not run unrecorded.
          signal.stop('close');
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
      exit: (exit) => finish(exit),
    });

    function finish({ exitCode, signal }: ChildExit): void {
      exited = true;
      const stoppedFor = attempt?.cause;
      attempt?.signal.removeEventListener('abort', onStop);
      attempt?.dispose();
      unregister();
      // A ticket's background processes must not outlive it. When we stopped the group,
      // terminateGroup already sends the SIGKILL after the grace; otherwise start the same
      // sequence now. Neither delays the result: stragglers have no say in it.
      if (stoppedFor === undefined && isGroupAlive(pid)) hooks.track(terminateGroup(pid, job.killGraceMs));
      resolve(
        classifyProcessExit({
          command: job.command,
          exitCode,
          signal,
          stoppedFor,
          abortReason: ctx.signal.reason,
          timeoutMs: job.timeoutMs,
          noRetryExitCodes: job.noRetryExitCodes,
          logFile: job.logFile,
          durationMs: elapsed(),
        }),
      );
    }
  });
}

/** The spawn error in words, telling a missing working directory apart from a missing program. */
async function explainSpawnError(job: ProcessJob, err: NodeJS.ErrnoException): Promise<string> {
  const command = describeCommand(job.command);
  const code = errno(err);
  if (code === 'ENOENT') {
    const cwdExists = await stat(job.cwd).then((s) => s.isDirectory(), () => false);
    if (!cwdExists) return `working directory ${job.cwd} does not exist (command ${command})`;
    return `command not found: ${command} (ENOENT)`;
  }
  if (code === 'EACCES') return `command not executable: ${command} (EACCES)`;
  return `cannot start ${command}: ${err.message}`;
}
