import type { CompiledPlan } from './types.js';

/** The id of ticket `i` of `plan`, or `#i` for an index the plan does not have (a journal of another plan version). */
export function ticketIdAt(plan: CompiledPlan, i: number): string {
  return plan.tickets[i]?.id ?? `#${i}`;
}
