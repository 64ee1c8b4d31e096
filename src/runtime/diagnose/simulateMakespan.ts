/**
 * The makespan of a what-if: the engine on a virtual clock (`simulatePlan`),
 * each ticket taking its estimate.
 */
import type { CompiledPlan, Strategy } from '../../plan/types.js';
import { simulatePlan } from '../simulatePlan.js';

export interface WhatIf {
  /** Agent counts by type, replacing the plan's. */
  agents?: Record<string, number>;
  strategy?: Strategy;
}

/**
 * How many what-ifs one diagnosis may still simulate. Each is a whole run of
 * the engine on a virtual clock: milliseconds for a small plan, seconds for
 * one of 20,000 contended tickets.
 */
export interface SimulationBudget {
  left: number;
  /** What-ifs not simulated for want of budget. */
  skipped: number;
}

/** Simulation time one diagnosis may spend, roughly. */
export const SIMULATION_TIME_MS = 15_000;
/** Fewest and most what-ifs, whatever the time. */
export const MIN_SIMULATIONS = 3;
export const MAX_SIMULATIONS = 250;

/**
 * The budget, from how long one simulation of the plan took: about
 * `SIMULATION_TIME_MS` worth, within [`MIN_SIMULATIONS`, `MAX_SIMULATIONS`].
 * Small plans always get the maximum, so their diagnosis does not depend on
 * the machine's speed; a large plan's may (it then says how many what-ifs it
 * left out).
 *
 * @param oneSimulationMs wall time of one simulation of the plan
 * @param max an explicit cap (`DiagnoseOptions.maxSimulations`)
 */
export function simulationBudget(oneSimulationMs: number, max = MAX_SIMULATIONS): SimulationBudget {
  const affordable = Math.floor(SIMULATION_TIME_MS / Math.max(1, oneSimulationMs));
  return { left: Math.min(max, Math.max(MIN_SIMULATIONS, affordable)), skipped: 0 };
}

/** Runs `simulate` and says how long it took (for `simulationBudget`). */
export async function timed<T>(simulate: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await simulate();
  return { value, ms: performance.now() - start };
}

/**
 * @returns the predicted makespan in ms, or undefined when the variant cannot
 *   run to its end (a ticket that can never be dispatched) or the budget is
 *   spent: a what-if that cannot be answered is left out, not reported as a
 *   failure.
 */
export async function simulateMakespan(plan: CompiledPlan, whatIf: WhatIf = {}, budget?: SimulationBudget): Promise<number | undefined> {
  if (budget) {
    if (budget.left <= 0) {
      budget.skipped++;
      return undefined;
    }
    budget.left--;
  }
  try {
    const sim = await simulatePlan(plan, { ...(whatIf.agents ? { agents: whatIf.agents } : {}), ...(whatIf.strategy ? { strategy: whatIf.strategy } : {}) });
    return sim.makespanMs;
  } catch {
    return undefined;
  }
}

/** The plan's agent counts by type, with `type`'s set to `count` (at least 1). */
export function agentsWith(plan: CompiledPlan, type: string, count: number): Record<string, number> {
  const agents = Object.fromEntries(plan.agents.map((a) => [a.name, a.count]));
  agents[type] = Math.max(1, count);
  return agents;
}
