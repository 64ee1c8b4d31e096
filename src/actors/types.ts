/**
 * The executor contract: what an agent runs for one ticket attempt.
 *
 * One interface for every kind of work (child process, piscina worker, later a
 * remote queue): `run(job, ctx) → result`. Executors never throw for a failed
 * ticket; failure is data (`{ ok: false, error }`) so that it can cross worker
 * threads and process boundaries without losing its code. They reject only on
 * a bug in the executor itself.
 */
import type { CommandSpec } from '../plan/types.js';

/** Stable codes for why an attempt failed. Callers branch on `retryable`, people read `code`. */
export type ExecutionErrorCode =
  /** A process exited with a non-zero code. */
  | 'EXIT_CODE'
  /** A process was killed by a signal it did not ask for. */
  | 'SIGNALED'
  /** The attempt ran past its timeout and was killed. */
  | 'TIMEOUT'
  /** The attempt was aborted (stop, cancel, pause without waiting). */
  | 'ABORTED'
  /**
   * The work could not be started at all: a command not found or not executable, an
   * unreadable stdin or log file, a worker module that cannot be loaded or exports no
   * function, no function registered for a function agent.
   */
  | 'SPAWN_FAILED'
  /** A worker module threw or returned a failure. */
  | 'WORKER_ERROR'
  /** A worker thread died: `process.exit`, a crash, or out of memory. */
  | 'WORKER_CRASHED'
  /** A validation gate failed. */
  | 'GATE_FAILED'
  /** The work said: do not retry me. */
  | 'NON_RETRYABLE';

export interface ExecutionError {
  code: ExecutionErrorCode;
  message: string;
  /** False when retrying cannot help (the work said so, or the command does not exist). */
  retryable: boolean;
  /** True when the agent itself is damaged (its worker thread died) and must be replaced. */
  agentCrashed?: boolean;
  /** Stack of what the work threw, when it threw an Error: for logs, not for display. */
  stack?: string;
}

export type ExecutionResult =
  | { ok: true; exitCode?: number; output?: unknown; durationMs: number }
  | { ok: false; error: ExecutionError; exitCode?: number; signal?: string; durationMs: number };

/** A command to run in a child process, in its own process group. */
export interface ProcessJob {
  kind: 'process';
  command: CommandSpec;
  cwd: string;
  /** Added to the engine's own environment. Ticket fields travel here, never in the command. */
  env: Readonly<Record<string, string>>;
  /** A file whose bytes are piped to the command's stdin (the ticket file for coding agents). */
  stdinFile?: string;
  /** stdout and stderr are appended to this file (created with its directory). */
  logFile: string;
  timeoutMs: number;
  /** SIGTERM first; SIGKILL to the whole group after this grace period. */
  killGraceMs: number;
  /** Exit codes that mean "do not retry". */
  noRetryExitCodes: readonly number[];
  /**
   * When set, the command runs under a tiny `/bin/sh` wrapper that writes its
   * exit code to this file when it ends, even if the engine died meanwhile: a
   * resumed run reads it instead of running the work again.
   */
  exitFile?: string;
}

/** A module's default export called in a piscina worker thread. */
export interface WorkerJob {
  kind: 'worker';
  /** Absolute path of the module. */
  module: string;
  input: unknown;
  /** Serializable ticket fields passed as the second argument of the module's function. */
  ticket: WorkerTicketInfo;
  timeoutMs: number;
  /** Worker-thread heap limit in MB. */
  memoryLimitMb?: number;
  /** Threads of the pool for this module: the agent count of the ticket's agent type. */
  poolSize: number;
  /**
   * Which pool: the ticket's agent type. Jobs of different pools never share threads, so two
   * agent types on one module keep a pool each, sized for their own count.
   */
  pool?: string;
}

/** A JS function registered by a library user for an agent type, called in this thread. */
export interface FunctionJob {
  kind: 'function';
  agent: string;
  input: unknown;
  ticket: WorkerTicketInfo;
  timeoutMs: number;
}

export interface WorkerTicketInfo {
  id: string;
  title: string;
  attempt: number;
  runId: string;
  priority: string;
  category?: string;
}

export type Job = ProcessJob | WorkerJob | FunctionJob;

export interface ExecutionContext {
  /** Aborted on stop, cancel or pause-without-waiting: the executor ends the work promptly. */
  signal: AbortSignal;
  /**
   * Whether `signal` is already aborted, without reading `signal`: the engine
   * makes an attempt's AbortController only when it is read, and most quick
   * attempts never need one. Executors fall back to `signal.aborted`.
   */
  isAborted?: () => boolean;
  /** Progress between 0 and 1, when the work reports it. */
  progress?: (fraction: number, message?: string) => void;
  /**
   * Called once a process is started, with its pid (= its process-group id),
   * so that the run store can record it and kill orphans after a crash.
   */
  onStart?: (info: { pid: number }) => void;
}

/** What a function agent or a worker module receives besides its input and ticket. */
export interface WorkContext {
  /**
   * Reports progress between 0 and 1 (clamped; non-finite values are ignored).
   * Reaches `ExecutionContext.progress`, also across the worker-thread boundary.
   */
  progress: (fraction: number, message?: string) => void;
}

/**
 * A JS function registered by a library user for an agent type
 * (`createExecutor({ functions: { fast: … } })`), called in the engine's thread.
 * Throw a `NonRetryableError` (or anything with `retryable: false`) to say that
 * retrying cannot help. A timeout or stop aborts `signal`; the attempt is reported
 * as timed out or aborted at once, whether or not the function stops.
 */
export type AgentFunction = (
  input: unknown,
  ticket: WorkerTicketInfo,
  ctx: WorkContext & { signal: AbortSignal },
) => unknown;

/**
 * The default export (or named `run` export) of a worker module, called in a piscina
 * worker thread. Its return value must be structured-cloneable. There is no signal:
 * a timed-out or aborted task's thread is terminated.
 */
export type WorkerFunction = (input: unknown, ticket: WorkerTicketInfo, ctx: WorkContext) => unknown;

export interface Executor {
  run(job: Job, ctx: ExecutionContext): Promise<ExecutionResult>;
  /** Frees pools and kills anything still running. */
  close?(): Promise<void>;
}
