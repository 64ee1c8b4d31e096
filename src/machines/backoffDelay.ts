/** Longest wait between two attempts, whatever the base and the number of failures. */
export const MAX_BACKOFF_MS = 5 * 60_000;

/**
 * Exponential backoff before the next attempt: `base` after the first failure,
 * doubling per failure, capped at {@link MAX_BACKOFF_MS}. No jitter: tickets are
 * scheduled by one coordinator, not competing clients, and a deterministic delay
 * keeps simulation and real runs identical.
 */
export function backoffDelay(baseMs: number, failures: number): number {
  if (baseMs <= 0) return 0;
  const exponent = Math.max(0, failures - 1);
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.min(exponent, 30));
}
