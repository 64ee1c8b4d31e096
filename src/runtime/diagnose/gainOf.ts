/**
 * A what-if's gain: simulated makespan before and after, and whether it is
 * worth recommending.
 */
import { formatDuration } from '../../plan/formatDuration.js';

/** A change is recommended only when it cuts at least this share of the makespan. */
export const MIN_GAIN = 0.05;

export interface Gain {
  beforeMs: number;
  afterMs: number;
  savedMs: number;
  /** savedMs ÷ beforeMs. */
  savedShare: number;
}

export function gainOf(beforeMs: number, afterMs: number): Gain {
  const savedMs = beforeMs - afterMs;
  return { beforeMs, afterMs, savedMs, savedShare: beforeMs > 0 ? savedMs / beforeMs : 0 };
}

/** True when the gain is at least `MIN_GAIN` of the makespan. */
export function worthIt(gain: Gain | undefined): gain is Gain {
  return gain !== undefined && gain.savedShare >= MIN_GAIN - 1e-9;
}

/** `40m (−25%: 2h 40m → 2h)` */
export function describeGain(gain: Gain): string {
  return `${formatDuration(gain.savedMs)} (−${Math.round(gain.savedShare * 100)}%: ${formatDuration(gain.beforeMs)} → ${formatDuration(gain.afterMs)})`;
}
