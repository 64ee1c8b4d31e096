import type { Strategy } from '../../plan/types.js';

/** Priority class as a number, highest first: critical 0 … low 3. */
export const PRIORITY_CLASS = { critical: 0, high: 1, medium: 2, low: 3 } as const;

/**
 * The order among ready tickets, as a tuple compared lexicographically (lower
 * first). `balanced` (and `maximum`, `sequential`): priority class, then soft
 * predecessors still pending (they should go first), then the longest remaining
 * estimated path (critical path first), then age. `critical-path` puts the path
 * before the priority class.
 *
 * @param readySeq increases each time a ticket becomes ready: older goes first.
 */
export function rankTicket(
  strategy: Strategy,
  priorityClass: number,
  softPending: number,
  remainingMs: number,
  readySeq: number,
): number[] {
  const soft = softPending > 0 ? 1 : 0;
  return strategy === 'critical-path'
    ? [soft, -remainingMs, priorityClass, readySeq]
    : [priorityClass, soft, -remainingMs, readySeq];
}
