/** Node timers overflow above 2^31-1 ms (~24.8 days) and then fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Calls `onExpire` after `ms`, returning a function that cancels it. A timeout that is not
 * a positive finite number means "no deadline"; longer than Node's timer range is clamped
 * to it (24.8 days is as good as no deadline, and far better than firing at once).
 */
export function setDeadline(ms: number, onExpire: () => void): () => void {
  if (!(ms > 0) || !Number.isFinite(ms)) return () => undefined;
  const timer = setTimeout(onExpire, Math.min(ms, MAX_TIMER_MS));
  return () => clearTimeout(timer);
}
