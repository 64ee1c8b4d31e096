/**
 * Variants of a compiled plan for what-if simulations: the same plan with
 * other durations, a conflict removed, a resource widened, a ticket no longer
 * isolated, or a ticket split in two. Each returns a new plan; none mutates.
 */
import type { CompiledPlan, CompiledTicket } from '../../plan/types.js';

/**
 * The plan with each ticket's estimate replaced by `durationOf(ticket)`.
 * Timeouts are lifted to fit (a simulated ticket longer than its timeout
 * would fail, which is not the question asked) and retries dropped.
 */
export function withDurations(plan: CompiledPlan, durationOf: (ticket: CompiledTicket) => number): CompiledPlan {
  return {
    ...plan,
    tickets: plan.tickets.map((t) => {
      const estimateMs = Math.max(0, durationOf(t));
      return { ...t, estimateMs, timeoutMs: Math.max(t.timeoutMs, estimateMs + 1), retries: 0 };
    }),
  };
}

/** The plan without the conflict between tickets `a` and `b` (declared or from overlapping files). */
export function withoutConflict(plan: CompiledPlan, a: number, b: number): CompiledPlan {
  return {
    ...plan,
    tickets: plan.tickets.map((t) =>
      t.index === a ? { ...t, conflictsWith: t.conflictsWith.filter((c) => c !== b) } : t.index === b ? { ...t, conflictsWith: t.conflictsWith.filter((c) => c !== a) } : t,
    ),
  };
}

/** The plan without any conflict between tickets. */
export function withoutConflicts(plan: CompiledPlan): CompiledPlan {
  return { ...plan, tickets: plan.tickets.map((t) => (t.conflictsWith.length ? { ...t, conflictsWith: [] } : t)) };
}

/** The plan with a resource's capacity set. */
export function withCapacity(plan: CompiledPlan, resource: string, capacity: number): CompiledPlan {
  return { ...plan, resources: { ...plan.resources, [resource]: capacity } };
}

/** Units of `resource` all its users together ask for: the capacity at which nobody waits for it. */
export function totalDemand(plan: CompiledPlan, resource: string): number {
  let units = 0;
  for (const t of plan.tickets) units += t.resources[resource] ?? 0;
  return units;
}

/** The plan with a ticket no longer isolated. */
export function withoutIsolation(plan: CompiledPlan, ticket: number): CompiledPlan {
  return { ...plan, tickets: plan.tickets.map((t) => (t.index === ticket && t.isolated ? { ...t, isolated: false } : t)) };
}

/**
 * The plan with `ticket` split in two halves that may run side by side: the
 * second half is a new ticket with the same dependencies, conflicts, resources
 * and agent type, and every dependent waits for both. An optimistic split
 * (real work rarely halves cleanly), so the gain it shows is an upper bound.
 */
export function withSplit(plan: CompiledPlan, ticket: number): CompiledPlan {
  const original = plan.tickets[ticket]!;
  const half = (original.estimateMs ?? plan.defaultEstimateMs) / 2;
  const twin = plan.tickets.length;
  const tickets = plan.tickets.map((t): CompiledTicket => {
    if (t.index === ticket) return { ...t, estimateMs: half };
    const dependsOn = t.dependsOn.includes(ticket) ? [...t.dependsOn, twin] : t.dependsOn;
    const conflictsWith = t.conflictsWith.includes(ticket) ? [...t.conflictsWith, twin] : t.conflictsWith;
    return dependsOn === t.dependsOn && conflictsWith === t.conflictsWith ? t : { ...t, dependsOn, conflictsWith };
  });
  tickets.push({ ...original, index: twin, id: `${original.id}~2`, estimateMs: half });
  return { ...plan, tickets };
}
