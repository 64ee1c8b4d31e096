/**
 * What graph analysis tells about a compiled plan. Computed once, in
 * O(tickets + edges) (file-glob conflicts aside), and read by the dispatcher
 * (ranks), the planner, the dashboard and `diagnose`.
 */

export type ConflictKind = 'declared' | 'file_conflict' | 'resource_conflict' | 'isolated';

/**
 * Why tickets must never overlap. Declared and file conflicts are pairs; a
 * resource conflict lists every ticket competing for a resource whose total
 * demand exceeds its capacity (listing pairs would be quadratic).
 */
export interface ConflictInfo {
  kind: ConflictKind;
  /** Ticket indices, ascending: two for a pair, more for a contested resource. */
  tickets: readonly number[];
  /** For file conflicts: the overlapping patterns (one from each ticket). */
  files?: readonly [string, string];
  /** For resource conflicts declared as `resource_conflicts`, or a shared mutex resource. */
  resource?: string;
}

export interface PlanGroup {
  /** 1-based, in execution order. */
  id: number;
  /** Dependency depth of the wave this group was split from (0 = no hard dependencies). */
  depth: number;
  tickets: readonly number[];
  /** Longest estimate in the group: its duration if every ticket has an agent. */
  estimatedMs: number;
  /** Agents needed to run the group fully in parallel, by agent type. */
  agentsRequired: Readonly<Record<string, number>>;
  /** True when some tickets of the group share a capacity-limited resource. */
  resourceConflicts: boolean;
}

export interface PlanAnalysis {
  /** `dependents[i]`: tickets that hard-depend on ticket `i`. */
  dependents: readonly (readonly number[])[];
  /** A topological order of all tickets (hard dependencies first). */
  order: readonly number[];
  /** Dependency depth: 0 for tickets without hard dependencies. */
  depth: Int32Array;
  /**
   * Longest estimated path from the start of ticket `i` to the end of the plan,
   * including `i` itself: the critical-path rank used by dispatch.
   */
  remainingMs: Float64Array;
  /** The estimate-weighted critical path, in order. */
  criticalPath: { tickets: readonly number[]; totalMs: number };
  /** Tickets on the critical path whose delay delays most others (high fan-out), worst first. */
  bottlenecks: readonly number[];
  /** Every conflicting pair, declared or derived. */
  conflicts: readonly ConflictInfo[];
  /** Waves by dependency depth, split so that no group holds a conflicting pair. */
  groups: readonly PlanGroup[];
  /** Σ estimates: the total work. */
  totalWorkMs: number;
}
