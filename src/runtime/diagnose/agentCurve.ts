/**
 * Makespan against the number of agents of one type: where more agents stop
 * helping.
 */
import type { CompiledPlan } from '../../plan/types.js';
import type { CurvePoint } from './diagnosisTypes.js';
import { describeGain, gainOf, worthIt } from './gainOf.js';
import { agentsWith, simulateMakespan, type SimulationBudget } from './simulateMakespan.js';

/** Points within this share of the best makespan count as "as good". */
export const AS_GOOD = 0.01;

export interface CurveOptions {
  /** Fewest agents to try. @default 1 */
  from?: number;
  /** Most agents to try. */
  to: number;
  /**
   * Stop early after this many points past the plan's count that improve on
   * the best by less than `AS_GOOD`: a flat tail. @default 3
   */
  flatTail?: number;
  /** Most points (beyond it, counts are sampled). @default 16 */
  maxPoints?: number;
  budget?: SimulationBudget;
}

/**
 * Simulates the plan (as given: estimates are its durations) with `from`…`to`
 * agents of `type`, the other types as planned. Beyond `maxPoints` counts the
 * range is sampled (about a third more agents each step), since each point
 * is a whole simulation. Points that cannot be simulated are left out.
 */
export async function agentCurve(plan: CompiledPlan, type: string, options: CurveOptions): Promise<CurvePoint[]> {
  const planned = plan.agents.find((a) => a.name === type)?.count ?? 1;
  const flatTail = options.flatTail ?? 3;
  const points: CurvePoint[] = [];
  let best = Number.POSITIVE_INFINITY;
  let flat = 0;
  for (const agents of countsBetween(Math.max(1, options.from ?? 1), options.to, Math.max(2, options.maxPoints ?? 16))) {
    const makespanMs = await simulateMakespan(plan, { agents: agentsWith(plan, type, agents) }, options.budget);
    if (makespanMs === undefined) continue;
    points.push({ agents, makespanMs });
    const improves = makespanMs < best * (1 - AS_GOOD);
    best = Math.min(best, makespanMs);
    flat = improves ? 0 : flat + 1;
    if (agents > planned && flat >= flatTail) break;
  }
  return points;
}

/** The fewest agents whose makespan is within `AS_GOOD` of the best on the curve. */
export function enoughAgents(points: readonly CurvePoint[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of points) best = Math.min(best, p.makespanMs);
  return points.find((p) => p.makespanMs <= best * (1 + AS_GOOD))?.agents ?? 0;
}

/**
 * `; 1 more already cuts 10m (−33%: 30m → 20m)` when fewer agents than the
 * best count already cut enough to recommend, else nothing.
 */
export function firstStep(points: readonly CurvePoint[], planned: number, enough: number, baselineMs: number): string {
  const first = points.find((p) => p.agents > planned && p.agents < enough && worthIt(gainOf(baselineMs, p.makespanMs)));
  if (!first) return '';
  const more = first.agents - planned;
  return `; ${more} more already ${more === 1 ? 'cuts' : 'cut'} ${describeGain(gainOf(baselineMs, first.makespanMs))}`;
}

/** Every count from `from` to `to`, or about `points` of them spread geometrically (both ends kept). */
export function countsBetween(from: number, to: number, points: number): number[] {
  const counts: number[] = [];
  if (to - from < points) {
    for (let k = from; k <= to; k++) counts.push(k);
    return counts;
  }
  const step = Math.pow(to / from, 1 / (points - 1));
  for (let x = from; counts.length < points - 1; x *= step) {
    const k = Math.round(x);
    if (k > (counts[counts.length - 1] ?? 0) && k < to) counts.push(k);
    if (x > to) break;
  }
  counts.push(to);
  return counts;
}
