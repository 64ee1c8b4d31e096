import type { AgentTypeSpec, CompiledPlan, CompiledTicket } from '../types.js';

/**
 * The plan that a generated file compiles to: only the `keep` tickets,
 * re-indexed in their order, with references to the others dropped (the
 * seed compiler does the same for tickets outside the plan's groups: settled
 * ones satisfy, soft references and conflicts vanish; selection has already
 * refused hard dependencies on anything else), and the agents given.
 */
export function subsetPlan(plan: CompiledPlan, keep: readonly number[], agents: readonly AgentTypeSpec[]): CompiledPlan {
  const position = new Int32Array(plan.tickets.length).fill(-1);
  keep.forEach((old, i) => {
    position[old] = i;
  });
  const remap = (refs: readonly number[]): number[] => {
    const out: number[] = [];
    for (const ref of refs) if (position[ref]! >= 0) out.push(position[ref]!);
    return out;
  };
  const tickets = keep.map((old, i): CompiledTicket => {
    const t = plan.tickets[old]!;
    return { ...t, index: i, dependsOn: remap(t.dependsOn), after: remap(t.after), conflictsWith: remap(t.conflictsWith) };
  });
  return { ...plan, agents, tickets };
}
