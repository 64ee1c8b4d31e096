/**
 * The error taxonomy: one base class with a stable string `code`, subclasses
 * only where callers branch. Ticket failures are not errors (they are states);
 * these are for the engine's own callers.
 */
import type { PlanProblem } from './plan/types.js';

export type TpeErrorCode = 'BAD_INPUT' | 'USAGE' | 'ENGINE_STATE' | 'RUN_OWNED' | 'INTERNAL';

export class TpeError extends Error {
  readonly code: TpeErrorCode;
  constructor(code: TpeErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TpeError';
    this.code = code;
  }
}

/** Input that cannot be used: carries every located problem (exit code 2). */
export class BadInputError extends TpeError {
  readonly problems: readonly PlanProblem[];
  constructor(problems: readonly PlanProblem[], message = `${problems.length} problem(s) in the input`) {
    super('BAD_INPUT', message);
    this.name = 'BadInputError';
    this.problems = problems;
  }
}

/** A command-line mistake: unknown flag value, missing argument (exit code 2). */
export class UsageError extends TpeError {
  constructor(message: string) {
    super('USAGE', message);
    this.name = 'UsageError';
  }
}

/**
 * Another engine owns the run (it runs it, or is resuming it): this one may not
 * touch it (exit code 2). Also what an engine is told when it lost its run to
 * another while running it.
 */
export class RunOwnedError extends TpeError {
  readonly runId: string;
  readonly holderPid: number;
  readonly holderHost: string;
  constructor(runId: string, holder: { pid: number; host: string }, message: string) {
    super('RUN_OWNED', message);
    this.name = 'RunOwnedError';
    this.runId = runId;
    this.holderPid = holder.pid;
    this.holderHost = holder.host;
  }
}

/** A resume of a run that has completed: nothing to do (the CLI says so and exits 0). */
export class RunCompletedError extends TpeError {
  readonly runId: string;
  constructor(runId: string) {
    super('ENGINE_STATE', `run ${runId} already completed: nothing to resume`);
    this.name = 'RunCompletedError';
    this.runId = runId;
  }
}

/**
 * Thrown by a ticket's work (a function agent or a worker module) to say that
 * retrying cannot help. Worker threads lose error classes, so executors
 * recognise it by `name` or by `retryable === false`, never by `instanceof`.
 */
export class NonRetryableError extends Error {
  readonly retryable = false;
  constructor(message: string) {
    super(message);
    this.name = 'NonRetryableError';
  }
}
