/**
 * Time, injected. The engine reads time and arms timers only through a Clock,
 * so that tests and simulations run on a virtual clock (no sleeping) and the
 * same code path produces real and predicted schedules. Compatible with
 * XState's `Clock` (setTimeout/clearTimeout), so one clock can drive both.
 */
export interface Clock {
  /** Milliseconds since the epoch (real clock) or since the start (virtual clock). */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    // A pending backoff must not keep a finished run's process alive.
    t.unref?.();
    return t;
  },
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};
