import type { ConflictInfo, PlanGroup } from './analysisTypes.js';
import type { CompiledPlan } from './types.js';

/**
 * Groups for planning and display: waves by dependency depth, each split
 * greedily so that no group holds a conflicting pair. Within a wave, tickets
 * are placed most critical first (longest remaining time), each in the first
 * group without a conflict; an isolated ticket gets a group of its own.
 * Linear in tickets plus conflict pairs: a ticket skips at most one group per
 * conflict it has.
 */
export function planGroups(
  plan: CompiledPlan,
  depth: Int32Array,
  remaining: Float64Array,
  estimates: Float64Array,
  conflicts: readonly ConflictInfo[],
): PlanGroup[] {
  const { tickets } = plan;
  const n = tickets.length;
  const neighbours: number[][] = tickets.map(() => []);
  for (const conflict of conflicts) {
    if (conflict.kind !== 'declared' && conflict.kind !== 'file_conflict') continue;
    const [a, b] = conflict.tickets as [number, number];
    neighbours[a]!.push(b);
    neighbours[b]!.push(a);
  }

  const waves: number[][] = [];
  for (let i = 0; i < n; i++) (waves[depth[i]!] ??= []).push(i);

  const groupOf = new Int32Array(n).fill(-1);
  const members: number[][] = [];
  const waveDepth: number[] = [];
  waves.forEach((wave, d) => {
    wave.sort((a, b) => remaining[b]! - remaining[a]! || a - b);
    const open: number[] = [];
    for (const ticket of wave) {
      if (tickets[ticket]!.isolated) {
        groupOf[ticket] = members.length;
        members.push([ticket]);
        waveDepth.push(d);
        continue;
      }
      const blocked = new Set<number>();
      for (const other of neighbours[ticket]!) if (groupOf[other] !== -1) blocked.add(groupOf[other]!);
      let group = open.find((g) => !blocked.has(g));
      if (group === undefined) {
        group = members.length;
        members.push([]);
        waveDepth.push(d);
        open.push(group);
      }
      members[group]!.push(ticket);
      groupOf[ticket] = group;
    }
  });

  return members.map((group, g): PlanGroup => {
    const agentsRequired: Record<string, number> = {};
    const demand = new Map<string, number>();
    let estimatedMs = 0;
    for (const index of group) {
      const ticket = tickets[index]!;
      agentsRequired[ticket.agent] = (Object.hasOwn(agentsRequired, ticket.agent) ? agentsRequired[ticket.agent]! : 0) + 1;
      estimatedMs = Math.max(estimatedMs, estimates[index]!);
      for (const [name, units] of Object.entries(ticket.resources)) demand.set(name, (demand.get(name) ?? 0) + units);
    }
    const resourceConflicts = [...demand].some(([name, units]) => units > (Object.hasOwn(plan.resources, name) ? plan.resources[name]! : 1));
    return { id: g + 1, depth: waveDepth[g]!, tickets: [...group].sort((a, b) => a - b), estimatedMs, agentsRequired, resourceConflicts };
  });
}
