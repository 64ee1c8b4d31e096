import type { PlanAnalysis } from '../analysisTypes.js';
import type { CompiledPlan, Strategy } from '../types.js';
import { groupDurationMs } from './groupDurationMs.js';
import type { GeneratedGroup } from './types.js';

/**
 * The groups of a generated plan, by strategy (SEED-WORLD.md section 2):
 *  - `maximum`: the analysis groups, dependency waves split only so that no
 *    group holds a conflicting pair (the run widens the pool to fit them);
 *  - `balanced`, `critical-path`: those groups split again to fit the agents
 *    of each type and the resources' capacities, most critical tickets in the
 *    first part (longest remaining path first);
 *  - `sequential`: one ticket per group, in the order the simulated run
 *    started them (one at a time: priority, then critical path).
 * Tickets within a group are written in id order; groups are numbered from 1.
 *
 * @param agents effective agents per type (after `maximum` widens them)
 * @param startMs predicted start of each ticket, for `sequential`
 * @param rank each ticket's position in id order (see `idRanks`)
 */
export function buildGroups(
  plan: CompiledPlan,
  analysis: PlanAnalysis,
  strategy: Strategy,
  agents: ReadonlyMap<string, number>,
  startMs: readonly (number | undefined)[],
  rank: Int32Array,
): GeneratedGroup[] {
  let parts: number[][];
  if (strategy === 'sequential') {
    const order = plan.tickets.map((t) => t.index);
    const start = (i: number) => startMs[i] ?? Number.POSITIVE_INFINITY;
    order.sort((a, b) => start(a) - start(b) || a - b);
    parts = order.map((i) => [i]);
  } else if (strategy === 'maximum') {
    parts = analysis.groups.map((g) => [...g.tickets]);
  } else {
    parts = analysis.groups.flatMap((g) => {
      const members = [...g.tickets].sort((a, b) => analysis.remainingMs[b]! - analysis.remainingMs[a]! || a - b);
      return splitToCapacity(plan, members, agents);
    });
  }
  return describeGroups(plan, parts, agents, rank);
}

/** First fit: each ticket joins the first part with an agent of its type and enough of each resource left. */
function splitToCapacity(plan: CompiledPlan, members: readonly number[], agents: ReadonlyMap<string, number>): number[][] {
  interface Part {
    tickets: number[];
    used: Map<string, number>;
    held: Map<string, number>;
  }
  const parts: Part[] = [];
  // Per type, the first part that may still have an agent free: parts only fill up, so it never moves back.
  const firstOpen = new Map<string, number>();
  for (const index of members) {
    const ticket = plan.tickets[index]!;
    const capacity = Math.max(1, agents.get(ticket.agent) ?? 1);
    const fits = (part: Part): boolean =>
      (part.used.get(ticket.agent) ?? 0) < capacity &&
      Object.entries(ticket.resources).every(([name, units]) => (part.held.get(name) ?? 0) + units <= resourceCapacity(plan, name));
    let p = firstOpen.get(ticket.agent) ?? 0;
    while (p < parts.length && !fits(parts[p]!)) p++;
    if (p === parts.length) parts.push({ tickets: [], used: new Map(), held: new Map() });
    const part = parts[p]!;
    part.tickets.push(index);
    part.used.set(ticket.agent, (part.used.get(ticket.agent) ?? 0) + 1);
    for (const [name, units] of Object.entries(ticket.resources)) part.held.set(name, (part.held.get(name) ?? 0) + units);
    let open = firstOpen.get(ticket.agent) ?? 0;
    while (open < parts.length && (parts[open]!.used.get(ticket.agent) ?? 0) >= capacity) open++;
    firstOpen.set(ticket.agent, open);
  }
  return parts.map((part) => part.tickets);
}

function describeGroups(plan: CompiledPlan, parts: readonly number[][], agents: ReadonlyMap<string, number>, rank: Int32Array): GeneratedGroup[] {
  const { tickets } = plan;
  const groupOf = new Int32Array(tickets.length).fill(-1);
  parts.forEach((part, g) => {
    for (const i of part) groupOf[i] = g;
  });
  const estimate = (i: number) => tickets[i]!.estimateMs ?? plan.defaultEstimateMs;
  return parts.map((part, g): GeneratedGroup => {
    const byType = new Map<string, number[]>();
    const held = new Map<string, number>();
    let dependenciesResolved = true;
    for (const i of part) {
      const ticket = tickets[i]!;
      const list = byType.get(ticket.agent) ?? [];
      list.push(estimate(i));
      byType.set(ticket.agent, list);
      for (const [name, units] of Object.entries(ticket.resources)) held.set(name, (held.get(name) ?? 0) + units);
      for (const d of ticket.dependsOn) if (groupOf[d]! >= g) dependenciesResolved = false;
    }
    let estimatedMs = 0;
    for (const [type, estimates] of byType) estimatedMs = Math.max(estimatedMs, groupDurationMs(estimates, agents.get(type) ?? 1));
    const agentsRequired: Record<string, number> = {};
    for (const agent of plan.agents) if (byType.has(agent.name)) agentsRequired[agent.name] = byType.get(agent.name)!.length;
    return {
      id: g + 1,
      tickets: [...part].sort((a, b) => rank[a]! - rank[b]!),
      dependenciesResolved,
      estimatedMs,
      resourceConflicts: [...held].some(([name, units]) => units > resourceCapacity(plan, name)),
      agentsRequired,
    };
  });
}

/** A resource nobody declared counts as a mutex, as in the analysis. */
function resourceCapacity(plan: CompiledPlan, name: string): number {
  return Object.hasOwn(plan.resources, name) ? plan.resources[name]! : 1;
}
