/**
 * What each conflict of a plan costs: how much longer the simulated schedule
 * is because of it.
 */
import type { ConflictInfo, PlanAnalysis } from '../../plan/analysisTypes.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { PlanConflictCost } from './diagnosisTypes.js';
import { simulateMakespan, type SimulationBudget } from './simulateMakespan.js';
import { totalDemand, withCapacity, withoutConflict, withoutConflicts, withoutIsolation } from './whatIfPlans.js';

/** Most conflicts simulated one by one (each is a whole simulation); the rest are listed without a cost. */
export const MAX_CONFLICTS_SIMULATED = 40;

/**
 * A conflict's cost is the simulated makespan with it minus without it:
 * a pair without its conflict, a contested resource with capacity for every
 * ticket that wants it, an isolated ticket not isolated. 0 means the pool
 * or the dependencies serialise those tickets anyway. List scheduling has
 * anomalies: removing a constraint can make a schedule longer, so a cost may
 * come out negative. The conflicts touching the critical path are simulated
 * first, then the ones with the most estimated work; beyond
 * `MAX_CONFLICTS_SIMULATED` (or half the budget) the cost is left undefined.
 * `allMs` is the cost of every conflict together.
 *
 * @param baselineMs the plan's simulated makespan; undefined: list the conflicts, simulate nothing
 */
export async function planConflictCosts(
  plan: CompiledPlan,
  analysis: PlanAnalysis,
  baselineMs: number | undefined,
  budget?: SimulationBudget,
): Promise<{ costs: PlanConflictCost[]; allMs: number | undefined }> {
  const id = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  const critical = new Set(analysis.criticalPath.tickets);
  const work = (c: ConflictInfo) => c.tickets.reduce((sum, i) => sum + (plan.tickets[i]?.estimateMs ?? plan.defaultEstimateMs), 0);
  const order = analysis.conflicts
    .map((c, k) => ({ c, k, onPath: c.tickets.some((i) => critical.has(i)) }))
    .sort((x, y) => Number(y.onPath) - Number(x.onPath) || work(y.c) - work(x.c) || x.k - y.k);
  // With a tight budget, half of it at most: the agent curves need the rest.
  const most = Math.min(MAX_CONFLICTS_SIMULATED, budget ? Math.floor(budget.left / 2) : MAX_CONFLICTS_SIMULATED);
  const simulate = new Set(baselineMs === undefined ? [] : order.slice(0, most).map((o) => o.k));

  const costs: PlanConflictCost[] = [];
  for (const [k, c] of analysis.conflicts.entries()) {
    const cost: PlanConflictCost = { kind: c.kind, label: label(c, id), tickets: c.tickets.map(id), costMs: undefined };
    if (c.resource !== undefined) cost.resource = c.resource;
    if (c.files) cost.files = c.files;
    if (baselineMs !== undefined && simulate.has(k)) {
      const after = await simulateMakespan(relieved(plan, c), {}, budget);
      if (after !== undefined) cost.costMs = baselineMs - after;
    }
    costs.push(cost);
  }
  if (baselineMs === undefined) return { costs, allMs: undefined };
  let all = withoutConflicts(plan);
  for (const c of analysis.conflicts) if (c.kind === 'resource_conflict' || c.kind === 'isolated') all = relieved(all, c);
  const allAfter = analysis.conflicts.length ? await simulateMakespan(all, {}, budget) : baselineMs;
  return { costs, allMs: allAfter === undefined ? undefined : baselineMs - allAfter };
}

/** The plan without this one conflict. */
export function relieved(plan: CompiledPlan, c: ConflictInfo): CompiledPlan {
  switch (c.kind) {
    case 'resource_conflict':
      return c.resource === undefined ? plan : withCapacity(plan, c.resource, totalDemand(plan, c.resource));
    case 'isolated':
      return withoutIsolation(plan, c.tickets[0]!);
    default:
      return withoutConflict(plan, c.tickets[0]!, c.tickets[1]!);
  }
}

function label(c: ConflictInfo, id: (i: number) => string): string {
  switch (c.kind) {
    case 'file_conflict':
      return `${id(c.tickets[0]!)} ↔ ${id(c.tickets[1]!)} (files ${c.files?.[0]} / ${c.files?.[1]})`;
    case 'declared':
      return `${id(c.tickets[0]!)} ↔ ${id(c.tickets[1]!)} (declared)`;
    case 'resource_conflict': {
      const names = c.tickets.slice(0, 4).map(id).join(', ') + (c.tickets.length > 4 ? ` +${c.tickets.length - 4}` : '');
      return `${c.resource} wanted by ${names}`;
    }
    case 'isolated':
      return `${id(c.tickets[0]!)} isolated`;
  }
}
