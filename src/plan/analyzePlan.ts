import type { PlanAnalysis } from './analysisTypes.js';
import { collectConflicts } from './collectConflicts.js';
import { criticalPath, remainingTimes } from './criticalPath.js';
import { planGroups } from './planGroups.js';
import { registryOutcome } from './registryOutcome.js';
import { topologicalOrder } from './topologicalOrder.js';
import type { CompiledPlan } from './types.js';

/** Bottlenecks need at least this many direct dependents. */
const MIN_BOTTLENECK_FAN_OUT = 2;

/**
 * Graph analysis of a compiled plan: dependents, a topological order, depths,
 * critical-path ranks (`remainingMs`), the critical path and its bottlenecks,
 * every conflict, groups, and the total work. Tickets without an estimate
 * count `plan.defaultEstimateMs`; registry tickets already settled
 * (completed, cancelled, …) count 0, since they will not run.
 * O(tickets + edges), plus the file-overlap search (see `deriveFileConflicts`).
 */
export function analyzePlan(plan: CompiledPlan): PlanAnalysis {
  const { tickets } = plan;
  const n = tickets.length;
  const dependsOn = tickets.map((t) => t.dependsOn.filter((d) => d >= 0 && d < n));
  const dependents: number[][] = tickets.map(() => []);
  dependsOn.forEach((deps, i) => {
    for (const d of deps) dependents[d]!.push(i);
  });

  const estimates = new Float64Array(n);
  let totalWorkMs = 0;
  tickets.forEach((ticket, i) => {
    const settled = registryOutcome(ticket.registryStatus) !== undefined;
    estimates[i] = settled ? 0 : (ticket.estimateMs ?? plan.defaultEstimateMs);
    totalWorkMs += estimates[i]!;
  });

  const { order, depth } = topologicalOrder(dependsOn, dependents);
  const remainingMs = remainingTimes(order, dependents, estimates);
  const path = criticalPath(remainingMs, dependents);
  const position = new Map(path.tickets.map((ticket, i) => [ticket, i]));
  const bottlenecks = path.tickets
    .filter((ticket) => dependents[ticket]!.length >= MIN_BOTTLENECK_FAN_OUT)
    .sort((a, b) => dependents[b]!.length - dependents[a]!.length || position.get(a)! - position.get(b)!);
  // Dispatch needs only the ranks and the dependents; conflicts and groups are
  // for people (check, dashboards, planning, --strategy maximum) and are
  // computed when first read, once.
  let conflicts: PlanAnalysis['conflicts'] | undefined;
  let groups: PlanAnalysis['groups'] | undefined;
  return {
    dependents,
    order,
    depth,
    remainingMs,
    criticalPath: path,
    bottlenecks,
    get conflicts() {
      conflicts ??= collectConflicts(plan);
      return conflicts;
    },
    get groups() {
      groups ??= planGroups(plan, depth, remainingMs, estimates, this.conflicts);
      return groups;
    },
    totalWorkMs,
  };
}
