import { setDeadline } from './setDeadline.js';

/** Why an attempt was stopped from outside: its deadline, the caller's signal, or the executor closing. */
export type StopCause = 'timeout' | 'abort' | 'close';

/** The one AbortSignal of an attempt, and which of its sources fired first. */
export interface AttemptSignal {
  readonly signal: AbortSignal;
  /** The first cause that fired; later ones are ignored (a timeout after an abort stays an abort). */
  readonly cause: StopCause | undefined;
  /** Stops the attempt for `cause` unless it is already stopped. */
  stop(cause: StopCause): void;
  /** Cancels the deadline and detaches from the caller's signal: call once the attempt is over. */
  dispose(): void;
}

/**
 * Merges the caller's signal and the attempt's deadline into one signal. Not
 * `AbortSignal.any([ctx.signal, AbortSignal.timeout(ms), closing])`: that cannot tell
 * which source fired first, and on Node 20 every `any()` over the executor's long-lived
 * closing signal adds a dependant that is only pruned by GC. Executors stop their live
 * attempts on close through `stop('close')` instead.
 */
export function createAttemptSignal(parent: AbortSignal, timeoutMs: number): AttemptSignal {
  const controller = new AbortController();
  let cause: StopCause | undefined;
  const stop = (why: StopCause): void => {
    if (cause !== undefined) return;
    cause = why;
    controller.abort(why === 'abort' ? parent.reason : new Error(why === 'timeout' ? 'timed out' : 'executor closed'));
  };
  const onParentAbort = (): void => stop('abort');
  const cancelDeadline = setDeadline(timeoutMs, () => stop('timeout'));
  if (parent.aborted) stop('abort');
  else parent.addEventListener('abort', onParentAbort, { once: true });
  return {
    signal: controller.signal,
    get cause() {
      return cause;
    },
    stop,
    dispose() {
      cancelDeadline();
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}
