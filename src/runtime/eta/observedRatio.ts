/**
 * How far off the estimates are in this run: Σ actual ÷ Σ estimate over the
 * completed tickets that had an estimate. The ETA scales every estimate by it.
 */
import type { TicketState } from '../../machines/ticketMachine.js';

/** Bounds of a usable ratio: one wildly wrong ticket must not make the ETA absurd. */
export const MIN_ACTUAL_TO_ESTIMATE = 0.05;
export const MAX_ACTUAL_TO_ESTIMATE = 20;

/** What `observedRatio` reads of a ticket. */
export interface RatioSample {
  /** The ticket's estimate in ms; tickets without one are not counted. */
  estimateMs?: number | undefined;
  /** Time it held an agent, all attempts together. */
  busyMs: number;
  state: TicketState;
}

/**
 * Σ busyMs ÷ Σ estimateMs over completed tickets with a positive estimate,
 * clamped to [`MIN_ACTUAL_TO_ESTIMATE`, `MAX_ACTUAL_TO_ESTIMATE`].
 * @returns 1 when no completed ticket has an estimate (nothing observed yet).
 * @example observedRatio([{ estimateMs: 1000, busyMs: 2000, state: 'completed' }]) // 2
 */
export function observedRatio(tickets: Iterable<RatioSample>): number {
  let actual = 0;
  let estimated = 0;
  for (const t of tickets) {
    if (t.state !== 'completed' || t.estimateMs === undefined || !(t.estimateMs > 0)) continue;
    if (!Number.isFinite(t.busyMs) || !Number.isFinite(t.estimateMs)) continue;
    actual += Math.max(0, t.busyMs);
    estimated += t.estimateMs;
  }
  return estimated > 0 ? clampRatio(actual / estimated) : 1;
}

/** A ratio made safe to scale by: clamped, and 1 when it is not a positive finite number. */
export function clampRatio(ratio: number): number {
  if (!Number.isFinite(ratio)) return ratio === Number.POSITIVE_INFINITY ? MAX_ACTUAL_TO_ESTIMATE : 1;
  if (ratio <= 0) return ratio === 0 ? MIN_ACTUAL_TO_ESTIMATE : 1;
  return Math.min(MAX_ACTUAL_TO_ESTIMATE, Math.max(MIN_ACTUAL_TO_ESTIMATE, ratio));
}
