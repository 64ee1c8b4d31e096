/**
 * The ETA (SEED-WORLD §4): a list-scheduling simulation of what is left with
 * the current pool, estimates scaled by the run's observed actual/estimate
 * ratio. The schedule comes from `simulatePlan`, the engine itself on a
 * virtual clock: the prediction and the real run share one dispatcher.
 */
import type { CompiledPlan } from '../../plan/types.js';
import { simulatePlan, type SimulationOptions } from '../simulatePlan.js';
import { remainingPlan, type RunProgress } from './remainingPlan.js';

/**
 * Predicted time, in ms from `progress.now`, until the last remaining ticket ends.
 *
 * @returns 0 when nothing is left; `Infinity` when a ticket left needs an
 *   agent type that has no agent (the run cannot finish as the pool stands).
 * @example
 * const etaMs = await estimateRemaining(plan, { states, startedAt, now, actualToEstimate: observedRatio(samples) });
 */
export async function estimateRemaining(plan: CompiledPlan, progress: RunProgress): Promise<number> {
  const rest = remainingPlan(plan, progress);
  if (!rest.ok) return Number.POSITIVE_INFINITY;
  const sub = rest.plan;
  if (sub.tickets.length === 0) return 0;
  const options: SimulationOptions = { agents: rest.agents, strategy: sub.strategy };

  // Running tickets hold their agents now, so they must start first, whatever
  // their rank. Tickets ready alongside them are held until the first dispatch
  // has placed them, then released by a timer due at time 0: the loop fires
  // timers only once the engine is quiescent, that is after that dispatch.
  if (rest.running.length > 0) {
    const isRunning = new Uint8Array(sub.tickets.length);
    for (const j of rest.running) isRunning[j] = 1;
    const heldBack = sub.tickets.filter((t) => !isRunning[t.index] && t.dependsOn.length === 0).map((t) => t.id);
    if (heldBack.length > 0) {
      options.setup = (engine, clock) => {
        for (const id of heldBack) engine.hold(id);
        clock.setTimeout(() => {
          for (const id of heldBack) engine.release(id);
        }, 0);
      };
    }
  }
  const sim = await simulatePlan(sub, options);
  return sim.makespanMs;
}
