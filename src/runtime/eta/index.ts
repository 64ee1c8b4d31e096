/** The run's ETA: what is left of a plan, simulated with the current pool. */
export { estimateRemaining } from './estimateRemaining.js';
export { remainingPlan, type RemainingPlan, type RunProgress } from './remainingPlan.js';
export { observedRatio, clampRatio, MIN_ACTUAL_TO_ESTIMATE, MAX_ACTUAL_TO_ESTIMATE, type RatioSample } from './observedRatio.js';
