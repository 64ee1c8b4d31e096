/**
 * How the run's actual durations compare with the plan's estimates.
 */
import { observedRatio } from '../eta/observedRatio.js';
import type { EstimateAccuracy, EstimateMiss, TicketDiagnosis } from './diagnosisTypes.js';

/** How many offenders to name. */
const WORST = 5;

/**
 * Actual = time holding an agent over all attempts (what a retry costs is
 * the estimate's miss too), as the ETA measures it. The overall ratio is
 * `observedRatio` (Σ actual ÷ Σ estimate over completed tickets with an
 * estimate, clamped): the same number the live ETA and the what-if
 * simulations scale estimates by. The worst offenders are the largest
 * overruns in time (a 2-minute ticket at 3× matters less than a 2-hour one
 * at 1.5×), then the largest underruns. Missing estimates are the tickets
 * without one, whatever became of them.
 */
export function estimateAccuracy(tickets: readonly TicketDiagnosis[]): EstimateAccuracy {
  let actualMs = 0;
  let estimatedMs = 0;
  let measured = 0;
  const misses: EstimateMiss[] = [];
  for (const t of tickets) {
    if (t.state !== 'completed' || t.estimateMs === undefined || !(t.estimateMs > 0)) continue;
    measured++;
    actualMs += t.runningMs;
    estimatedMs += t.estimateMs;
    misses.push({ id: t.id, estimateMs: t.estimateMs, actualMs: t.runningMs, ratio: t.runningMs / t.estimateMs });
  }
  const over = misses.filter((m) => m.actualMs > m.estimateMs).sort((a, b) => b.actualMs - b.estimateMs - (a.actualMs - a.estimateMs));
  const under = misses.filter((m) => m.actualMs < m.estimateMs).sort((a, b) => b.estimateMs - b.actualMs - (a.estimateMs - a.actualMs));
  return {
    ratio: observedRatio(tickets.map((t) => ({ estimateMs: t.estimateMs, busyMs: t.runningMs, state: t.state }))),
    measured,
    actualMs,
    estimatedMs,
    worst: [...over, ...under].slice(0, WORST),
    missing: tickets.filter((t) => t.estimateMs === undefined).map((t) => t.id),
  };
}
