import type { CommandSpec } from '../plan/types.js';
import { describeAbortReason } from './describeAbortReason.js';
import { formatDuration } from '../plan/formatDuration.js';
import type { StopCause } from './createAttemptSignal.js';
import type { ExecutionErrorCode, ExecutionResult } from './types.js';

/** Everything that decides how a finished process attempt is reported. */
export interface ProcessExit {
  command: CommandSpec;
  /** `null` when the leader was killed by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the executor itself stopped the group (timeout, abort, close). */
  stoppedFor: StopCause | undefined;
  /** The caller's abort reason, for the message when `stoppedFor` is `abort`. */
  abortReason?: unknown;
  timeoutMs: number;
  noRetryExitCodes: readonly number[];
  logFile: string;
  durationMs: number;
}

/** The shell's own exit codes for "command not found" and "found but not executable" (POSIX). */
const SHELL_NOT_FOUND = 127;
const SHELL_NOT_EXECUTABLE = 126;

/**
 * Maps how a process ended to an `ExecutionResult`. A stop we caused wins over the exit
 * status, because a killed command's status (143, SIGTERM, or even 0 from a TERM trap)
 * says nothing about the work; then signals, then the exit code. Messages start with
 * `command …` or a verb so that gates can name themselves in place of "command".
 */
export function classifyProcessExit(exit: ProcessExit): ExecutionResult {
  const { exitCode, signal, durationMs } = exit;
  const status = { ...(exitCode === null ? {} : { exitCode }), ...(signal === null ? {} : { signal }), durationMs };
  const fail = (code: ExecutionErrorCode, message: string, retryable: boolean): ExecutionResult => ({
    ok: false,
    error: { code, message, retryable },
    ...status,
  });
  const see = `(see ${exit.logFile})`;

  switch (exit.stoppedFor) {
    case 'timeout':
      return fail('TIMEOUT', `timed out after ${formatDuration(exit.timeoutMs)}; process group killed`, true);
    case 'abort': {
      const why = describeAbortReason(exit.abortReason);
      return fail('ABORTED', `aborted${why === undefined ? '' : ` (${why})`}; process group killed`, true);
    }
    case 'close':
      return fail('ABORTED', 'aborted: the executor was closed; process group killed', true);
    case undefined:
      break;
  }
  if (signal !== null) return fail('SIGNALED', `command was killed by ${signal} ${see}`, true);
  if (exitCode === 0) return { ok: true, exitCode: 0, durationMs };
  if (exitCode === null) return fail('SIGNALED', `command ended without an exit code ${see}`, true);
  if (exit.noRetryExitCodes.includes(exitCode)) {
    return fail('NON_RETRYABLE', `command exited with code ${exitCode}, which means "do not retry" ${see}`, false);
  }
  // Only for shell strings: there the shell reports a missing or non-executable program
  // with these codes. An argv command that exits 127 said so itself and is just a failure.
  if ('shell' in exit.command && exitCode === SHELL_NOT_FOUND) {
    return fail('SPAWN_FAILED', `command not found (the shell exited with code 127) ${see}`, false);
  }
  if ('shell' in exit.command && exitCode === SHELL_NOT_EXECUTABLE) {
    return fail('SPAWN_FAILED', `command not executable (the shell exited with code 126) ${see}`, false);
  }
  return fail('EXIT_CODE', `command exited with code ${exitCode} ${see}`, true);
}
