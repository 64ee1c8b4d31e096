import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, open, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { classifyProcessExit } from './classifyProcessExit.js';
import { createAttemptSignal, type AttemptSignal } from './createAttemptSignal.js';
import { describeAbortReason } from './describeAbortReason.js';
import { describeCommand } from './describeCommand.js';
import { findExecutable, wrapWithExitFile } from './exitFileWrapper.js';
import { formatLogFooter, formatLogHeader } from './processLog.js';
import { isGroupAlive, terminateGroup } from './terminateGroup.js';
import type { ExecutionContext, ExecutionErrorCode, ExecutionResult, ProcessJob } from './types.js';

/** What `createProcessExecutor` lends each attempt. */
export interface ProcessRunHooks {
  /** Lets the executor stop this attempt when it closes; returns the unregister function. */
  register(attempt: AttemptSignal): () => void;
  /** Hands over the cleanup of a group that outlives the attempt's result (awaited by `close()`). */
  track(cleanup: Promise<void>): void;
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

  let log: FileHandle;
  try {
    await mkdir(dirname(job.logFile), { recursive: true });
    // Append mode: attempts of a ticket accumulate in one file, and every write by the
    // command (or its grandchildren, which share the descriptor) lands at the end.
    log = await open(job.logFile, 'a');
  } catch (err) {
    return startFailure(`cannot open log file ${job.logFile}`, err, elapsed());
  }
  try {
    const result = await runWithLog(job, ctx, hooks, log, startedAt, abortedEarly);
    // A full disk must not turn a finished attempt into an executor failure: the footer is a
    // courtesy to the reader, the result is what counts.
    await log.write(formatLogFooter(job, result, new Date())).catch(() => undefined);
    return result;
  } finally {
    await log.close().catch(() => undefined);
  }
}

async function runWithLog(
  job: ProcessJob,
  ctx: ExecutionContext,
  hooks: ProcessRunHooks,
  log: FileHandle,
  startedAt: number,
  abortedEarly: () => ExecutionResult,
): Promise<ExecutionResult> {
  const elapsed = (): number => Math.round(performance.now() - startedAt);
  let stdin: FileHandle | undefined;
  if (job.stdinFile !== undefined) {
    try {
      stdin = await open(job.stdinFile, 'r');
    } catch (err) {
      return startFailure(`cannot read stdin file ${job.stdinFile}`, err, elapsed());
    }
  }
  try {
    await log.write(formatLogHeader(job, new Date()));
    // The awaits above gave the caller time to abort: do not start what is already cancelled.
    // From here to the listeners in `supervise` everything is synchronous, so no abort is missed.
    if (ctx.signal.aborted) return abortedEarly();
    const command = 'shell' in job.command ? ['/bin/sh', '-c', job.command.shell] : [...job.command.argv];
    const env = { ...process.env, ...job.env };
    if (command[0] === undefined || command[0] === '') return failure('SPAWN_FAILED', 'command is empty', false, elapsed());
    if (job.exitFile !== undefined) {
      const found = findExecutable(command[0], env, job.cwd);
      if (found !== 'ok') {
        const what = found === 'missing' ? 'command not found' : 'command not executable';
        return failure('SPAWN_FAILED', `${what}: ${describeCommand(job.command)}`, false, elapsed());
      }
    }
    const [file, ...args] = job.exitFile === undefined ? command : wrapWithExitFile(command, job.exitFile);
    if (file === undefined) return failure('SPAWN_FAILED', 'command is empty', false, elapsed());
    let child: ChildProcess;
    try {
      child = spawn(file, args, {
        cwd: job.cwd,
        env,
        // A new session and process group (pgid = pid), so that stopping the attempt can
        // signal every process it started, and a Ctrl-C meant for the engine does not
        // reach the ticket's command before the engine decides what to do.
        detached: true,
        // Descriptors, not pipes: output never passes through (or accumulates in) the engine,
        // and a grandchild that keeps the descriptor open cannot delay the exit event.
        stdio: [stdin?.fd ?? 'ignore', log.fd, log.fd],
      });
    } catch (err) {
      // Synchronous throws are argument errors (a NUL byte in an argument or variable).
      return startFailure(`cannot start ${describeCommand(job.command)}`, err, elapsed());
    }
    // Listen before any await: a fast command exits (and a failed spawn reports) within a
    // turn of the event loop, and an 'exit' emitted before there is a listener is lost.
    return await supervise(child, job, ctx, hooks, elapsed);
  } finally {
    // The child has its own copy of the stdin descriptor since spawn() returned; ours is only
    // closed here, after the outcome, because no await may come between spawn and supervise.
    await stdin?.close().catch(() => undefined);
  }
}

function supervise(
  child: ChildProcess,
  job: ProcessJob,
  ctx: ExecutionContext,
  hooks: ProcessRunHooks,
  elapsed: () => number,
): Promise<ExecutionResult> {
  const pid = child.pid;
  return new Promise<ExecutionResult>((resolve, reject) => {
    if (pid === undefined) {
      // The spawn failed (ENOENT, EACCES, missing cwd); Node reports it on the next tick.
      child.once('error', (err) => {
        void explainSpawnError(job, err).then((message) =>
          resolve(failure('SPAWN_FAILED', message, TRANSIENT_ERRNO.has(errno(err) ?? ''), elapsed())),
        );
      });
      return;
    }
    // After a successful spawn Node emits 'error' only when child.kill() fails, which we never
    // call; an 'error' without a listener would crash the engine, so keep one anyway.
    child.on('error', () => undefined);
    const attempt = createAttemptSignal(ctx.signal, job.timeoutMs);
    const unregister = hooks.register(attempt);
    let exited = false;
    const onStop = (): void => {
      // The leader may have exited a moment ago with its exit event still queued: the group
      // may then hold only stragglers, which this kills just as well.
      if (!exited) hooks.track(terminateGroup(pid, job.killGraceMs));
    };
    attempt.signal.addEventListener('abort', onStop, { once: true });
    if (attempt.signal.aborted) onStop();

    child.once('exit', (exitCode, signal) => {
      exited = true;
      const stoppedFor = attempt.cause;
      attempt.signal.removeEventListener('abort', onStop);
      attempt.dispose();
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
    });

    try {
      ctx.onStart?.({ pid });
    } catch (err) {
      // The caller cannot record the process, so it must not run unrecorded.
      attempt.stop('close');
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}

/** The spawn error in words, telling a missing working directory apart from a missing program. */
async function explainSpawnError(job: ProcessJob, err: Error): Promise<string> {
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
