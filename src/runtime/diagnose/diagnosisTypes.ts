/**
 * What `diagnose` reads and what it tells. The inputs are plain rows (as the
 * run store returns them), so that every derivation is a pure function
 * testable without SQLite; the outputs are plain JSON (`--format json`).
 * Times are engine-clock milliseconds (epoch ms for real runs); ticket
 * references in intermediate structures are plan indices, and ids in results.
 */
import type { TicketState } from '../../machines/ticketMachine.js';
import type { ConflictKind } from '../../plan/analysisTypes.js';
import type { CompiledPlan, Strategy } from '../../plan/types.js';

/** One journaled ticket transition (`RunStore.journalRows`). */
export interface JournalRow {
  at: number;
  /** Index in the run's plan. */
  ticket: number;
  from: TicketState;
  to: TicketState;
  attempt: number;
  agentId: string | undefined;
}

/** Why a ready ticket could not start, recorded once per wait (`RunStore.waitRows`). */
export interface WaitRow {
  at: number;
  ticket: number;
  /** `resource`, `reserved`, `conflict`, `isolation`, `concurrency`, … */
  kind: string;
  /** `database (held by DB-001)`, a ticket id, ids joined by `, `, or empty. */
  on: string;
}

/** A run as the store recorded it: everything `diagnoseRun` needs. */
export interface RecordedRun {
  runId: string;
  /** As stored (`completed`, `running`, …), or `crashed`. */
  status: string;
  /** The compiled plan the run executed (indices of the rows refer to it). */
  plan: CompiledPlan;
  startedAt: number;
  /** Undefined while the run is live (or died without saying so): `now` then closes the window. */
  endedAt: number | undefined;
  /** The end of the observed window for a run that has not ended. */
  now: number;
  /** True when an engine is running it now (its journal lags by at most one batch). */
  live: boolean;
  journal: readonly JournalRow[];
  waits: readonly WaitRow[];
}

/** A stretch of time a ticket spent in one state (non-final states only). */
export interface StateSpan {
  state: TicketState;
  from: number;
  to: number;
  /** The attempt number the journal gave the span (0 before the first attempt). */
  attempt: number;
  agentId: string | undefined;
}

/** One ticket's life as rebuilt from the journal. */
export interface TicketTimeline {
  index: number;
  /** Contiguous spans from the run's start to `endedAt` (or the window's end). */
  spans: StateSpan[];
  /** The state it is in at the end of the window. */
  state: TicketState;
  /** When it reached a final state. */
  endedAt: number | undefined;
  /** When it first became ready (unjournaled: its last hard dependency's completion, or the run's start). */
  readyAt: number | undefined;
  /** Done in the registry before the run: never ran, counted completed at the start. */
  settled: boolean;
}

/** One stretch of time an agent spent on a ticket attempt (executing, validating, rolling back). */
export interface BusyInterval {
  agentId: string;
  agentType: string;
  ticket: number;
  attempt: number;
  from: number;
  to: number;
}

/**
 * Why a ready ticket did not start. `agent`: every agent of its type was
 * busy; `resource`, `conflict`, `isolation`: another running ticket held
 * what it needed; `reserved`, `concurrency`: as the dispatcher recorded;
 * `dispatch`: none of these is visible in the journal (dispatch latency, a
 * pause, or a constraint changed live).
 */
export const WAIT_CAUSES = ['agent', 'resource', 'conflict', 'isolation', 'reserved', 'concurrency', 'dispatch'] as const;
export type WaitCause = (typeof WAIT_CAUSES)[number];

/** What held a ticket back just before it started: the link the critical chain follows. */
export interface LastBlock {
  cause: WaitCause;
  /** The ticket whose end released it (plan index), when one did. */
  blocker: number | undefined;
  /** When that block ended (≤ the start). */
  until: number;
  /** The resource, for `resource` and `reserved`. */
  resource?: string;
  /** What the time from `until` to the start went to (nothing the replay sees: `dispatch`, or the dispatcher's record). */
  tail: WaitCause;
}

/** One ready period explained. */
export interface ReadyWait {
  from: number;
  to: number;
  /** Milliseconds by cause; they add up to `to - from`. */
  byCause: Partial<Record<WaitCause, number>>;
  /** Plan index → ms this ticket waited while that ticket held what it needed (overlaps may count twice). */
  blockers: Map<number, number>;
  /** Per contended thing (`ContendedThing.key`): ms waited on it, and who held it meanwhile. */
  byKey: Map<string, { ms: number; holders: Set<number> }>;
  last: LastBlock | undefined;
}

/** One attempt of a ticket. */
export interface AttemptSummary {
  attempt: number;
  agentId: string | undefined;
  startedAt: number;
  /** Time holding the agent (executing, validating, rolling back). */
  busyMs: number;
  /** How it ended: `completed`, `retrying`, `failed`, `interrupted`, `cancelled`, or the state still held. */
  outcome: TicketState;
}

/** A ticket's time, and what it spent it on. */
export interface TicketDiagnosis {
  id: string;
  agent: string;
  state: TicketState;
  /** From the run's start to its first readiness: waiting on hard dependencies. */
  dependencyMs: number;
  /** The hard dependency that completed last (the one it waited for). */
  lastDependency: string | undefined;
  /** Ready but not started, over all its ready periods. */
  readyMs: number;
  readyByCause: Partial<Record<WaitCause, number>>;
  /** Tickets that held what it waited on, longest first. */
  heldBy: Array<{ id: string; ms: number }>;
  attempts: AttemptSummary[];
  /** Σ busy time over attempts. */
  runningMs: number;
  retries: number;
  backoffMs: number;
  interruptedMs: number;
  heldMs: number;
  estimateMs: number | undefined;
  /** `runningMs` ÷ estimate, for completed tickets with an estimate. */
  ratio: number | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
}

export interface AgentUse {
  id: string;
  type: string;
  tickets: number;
  busyMs: number;
  /** busy ÷ the run's wall time. */
  utilization: number;
}

export interface AgentTypeUse {
  type: string;
  /** Agents of the type (as planned, or more if more were seen busy at once). */
  agents: number;
  busyMs: number;
  /** Σ busy ÷ (agents × wall time). */
  utilization: number;
  /** Σ time its tickets waited with every agent of the type busy. */
  waitedForAgentMs: number;
}

export interface EstimateMiss {
  id: string;
  estimateMs: number;
  actualMs: number;
  ratio: number;
}

export interface EstimateAccuracy {
  /** Σ actual ÷ Σ estimate over completed tickets with an estimate (clamped, 1 when none): `observedRatio`. */
  ratio: number;
  /** Tickets the ratio is measured on. */
  measured: number;
  actualMs: number;
  estimatedMs: number;
  /** Largest overruns first (actual − estimate), then the largest underruns. */
  worst: EstimateMiss[];
  /** Tickets (that run) with no estimate. */
  missing: string[];
}

/** One stretch of the actual critical chain, oldest first. */
export interface ChainSegment {
  ticket: string;
  /** `running` (incl. validation and rollback), `backoff`, `interrupted`, `held`, `wait:<cause>`, or `start` (nothing to follow). */
  what: string;
  from: number;
  to: number;
  /** For waits: what it waited on, in words. */
  on?: string;
}

export interface CriticalChain {
  /** The ticket that ended last, where the walk starts. */
  end: string | undefined;
  segments: ChainSegment[];
  /** Per ticket: time on the chain (its running and its waits), largest first. */
  tickets: Array<{ id: string; ms: number; runningMs: number; waitMs: number; share: number }>;
  totalMs: number;
}

/** A conflict, resource or isolated ticket that made tickets wait in a run. */
export interface ContendedThing {
  /** `conflict:API ↔ UI`, `resource:database`, `reserved:database`, `isolation`, `concurrency` (see `contendedKey.ts`). */
  key: string;
  kind: 'conflict' | 'resource' | 'isolation' | 'reserved' | 'concurrency';
  /** For a conflict: declared, or from overlapping files. */
  conflict?: ConflictKind;
  label: string;
  waitedMs: number;
  /** Tickets that waited on it. */
  waiters: string[];
  /** Tickets that held it meanwhile. */
  holders: string[];
  /** Simulated makespan of the run without it (conflict removed, one more unit, no isolation), when simulated. */
  withoutMs?: number;
}

export type DiagnosisSection = 'conflicts' | 'bottlenecks';

/** A concrete suggestion, with the number behind it. */
export type Recommendation = (
  | { kind: 'add-agents'; agentType: string; add: number; from: number }
  | { kind: 'split-ticket'; ticket: string; ticketMs: number }
  | { kind: 'resolve-conflict'; tickets: string[]; conflict: ConflictKind }
  | { kind: 'raise-capacity'; resource: string; capacity: number }
  | { kind: 'allow-parallel'; ticket: string }
  | { kind: 'change-strategy'; strategy: Strategy }
  | { kind: 'add-estimates'; tickets: string[]; defaultMs: number }
) & {
  section: DiagnosisSection;
  /** The suggestion in words, the number included. */
  text: string;
  /** Simulated makespan before and after, when a simulation stands behind it. */
  beforeMs?: number;
  afterMs?: number;
  savedMs?: number;
  /** savedMs ÷ beforeMs. */
  savedShare?: number;
};

/** How the what-if simulations of a run were fed. */
export interface WhatIfModel {
  /** Makespan the simulation gives the run as it was (compare with the wall time). */
  baselineMs: number;
  /** The ratio estimates were scaled by for tickets that did not complete. */
  ratio: number;
  /** Tickets simulated with their observed duration (the others: estimate × ratio). */
  observed: number;
  /** What-ifs left out because the simulation budget was spent (large runs). */
  skipped: number;
}

export interface RunDiagnosis {
  kind: 'run';
  runId: string;
  planName: string;
  status: string;
  live: boolean;
  startedAt: number;
  endedAt: number | undefined;
  /** Start to end (or to now, for a run still going). */
  wallMs: number;
  counts: Partial<Record<TicketState, number>>;
  total: number;
  /** Σ over tickets of ready-but-not-started time by cause, and of dependency waits. */
  waiting: { dependencyMs: number; readyMs: number; byCause: Partial<Record<WaitCause, number>> };
  tickets: TicketDiagnosis[];
  agents: AgentUse[];
  agentTypes: AgentTypeUse[];
  estimates: EstimateAccuracy;
  criticalChain: CriticalChain;
  contended: ContendedThing[];
  recommendations: Recommendation[];
  model: WhatIfModel | undefined;
  sections: DiagnosisSection[];
}

/** One point of an agent-count curve. */
export interface CurvePoint {
  agents: number;
  makespanMs: number;
}

export interface AgentCurve {
  agentType: string;
  /** Agents of the type in the plan. */
  planned: number;
  points: CurvePoint[];
  /** Fewest agents whose makespan is within 1% of the best on the curve: more stop helping. */
  enoughAt: number;
}

export interface PlanConflictCost {
  kind: ConflictKind;
  label: string;
  tickets: string[];
  resource?: string;
  files?: readonly [string, string];
  /** Simulated makespan with it minus without it (0: it costs nothing at this pool). */
  costMs: number | undefined;
}

export interface PlanDiagnosis {
  kind: 'plan';
  planName: string;
  file: string;
  strategy: string;
  tickets: number;
  agents: Array<{ type: string; count: number }>;
  /** Simulated makespan with the plan's estimates and pool. */
  makespanMs: number;
  lowerBoundMs: number;
  totalWorkMs: number;
  criticalPath: { tickets: Array<{ id: string; estimateMs: number; estimated: boolean }>; totalMs: number };
  bottlenecks: Array<{ id: string; dependents: number; estimateMs: number; remainingMs: number }>;
  conflicts: PlanConflictCost[];
  /** Makespan cost of every conflict together (all removed at once). */
  conflictsCostMs: number | undefined;
  curves: AgentCurve[];
  missingEstimates: { tickets: string[]; defaultMs: number };
  recommendations: Recommendation[];
  /** What-ifs left out because the simulation budget was spent (large plans). */
  whatIfsSkipped: number;
  sections: DiagnosisSection[];
}

export type Diagnosis = RunDiagnosis | PlanDiagnosis;
