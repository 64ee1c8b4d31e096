import type { CompiledPlan, Priority } from '../types.js';
import { registryOutcome } from '../registryOutcome.js';
import type { Scope } from './types.js';

/** Which tickets of a plan to plan, by {@link selectTickets}. */
export interface TicketFilter {
  scope: Scope;
  /** Lower-cased categories to keep; `undefined`: every category. */
  categories?: ReadonlySet<string> | undefined;
  priorities?: ReadonlySet<Priority> | undefined;
}

export type Selection =
  | {
      ok: true;
      /** Ticket indices to run, ascending. */
      planned: number[];
      /** Settled tickets written as satisfied: under `--scope all` all of them, else those a planned ticket depends on. Ascending. */
      satisfied: number[];
    }
  | { ok: false; missing: MissingDependency[] };

/** A kept ticket's hard dependency that the filters left out and that is not settled. */
export interface MissingDependency {
  ticket: number;
  dependency: number;
  /** The filters that left it out, as typed: `--category feature (its category is modularization)`. */
  reason: string;
}

/**
 * Splits a plan's tickets into those to run and those already settled
 * (completed, resolved, archived, cancelled: they never run and satisfy
 * their dependents). `--category` and `--priority` leave tickets out; a kept
 * ticket whose hard dependency is left out and not settled could never
 * start: every such pair is returned instead (see `describeMissing`).
 */
export function selectTickets(plan: CompiledPlan, filter: TicketFilter): Selection {
  const { tickets } = plan;
  const matches = (i: number): boolean => {
    const t = tickets[i]!;
    if (filter.categories && !filter.categories.has((t.category ?? '').toLowerCase())) return false;
    return !filter.priorities || filter.priorities.has(t.priority);
  };
  const settled = (i: number): boolean => registryOutcome(tickets[i]!.registryStatus) !== undefined;

  const planned: number[] = [];
  const satisfied = new Set<number>();
  const missing: MissingDependency[] = [];
  for (let i = 0; i < tickets.length; i++) {
    if (!matches(i)) continue;
    if (settled(i)) {
      if (filter.scope === 'all') satisfied.add(i);
      continue;
    }
    planned.push(i);
  }
  const kept = new Set(planned);
  for (const i of planned) {
    for (const d of tickets[i]!.dependsOn) {
      if (kept.has(d)) continue;
      if (settled(d)) {
        satisfied.add(d);
        continue;
      }
      missing.push({ ticket: i, dependency: d, reason: describeFilter(tickets[d]!, filter) });
    }
  }
  if (missing.length > 0) return { ok: false, missing };
  return { ok: true, planned, satisfied: [...satisfied].sort((a, b) => a - b) };
}

function describeFilter(ticket: { category: string | undefined; priority: Priority }, filter: TicketFilter): string {
  const reasons: string[] = [];
  if (filter.categories && !filter.categories.has((ticket.category ?? '').toLowerCase())) {
    reasons.push(`--category ${[...filter.categories].join(',')} (its category is ${ticket.category ?? 'not set'})`);
  }
  if (filter.priorities && !filter.priorities.has(ticket.priority)) reasons.push(`--priority ${[...filter.priorities].join(',')} (its priority is ${ticket.priority})`);
  return reasons.join(' and ');
}
