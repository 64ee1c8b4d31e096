/**
 * The run report (`tpe report`, `tpe run --report`): the seed's session
 * summary of one run, as plain JSON. `buildReport` makes it from what the
 * store recorded; one renderer per format turns it into text. Times are
 * engine-clock milliseconds (epoch ms for real runs), durations ms.
 */
import type { TicketState } from '../../machines/ticketMachine.js';
import type { Priority } from '../../plan/types.js';
import type { ContendedThing, EstimateAccuracy, RecordedRun, Recommendation, WaitCause } from '../diagnose/diagnosisTypes.js';
import type { ExecutionMetrics } from '../runResult.js';
import type { TicketRecordDetails } from '../store/recordedRunFromStore.js';

export const REPORT_FORMATS = ['markdown', 'json', 'csv', 'html'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** What a report is made of: the recorded run, and what the store knows beyond it. */
export interface ReportInput {
  run: RecordedRun;
  /** The plan file the run was started from. */
  planFile: string;
  /** Per plan index: last error, reason, rollback, log file (`ticketDetailsFromStore`). */
  tickets?: ReadonlyArray<TicketRecordDetails | undefined>;
  /** When the report is made (its header says so; a live run is reported as of `run.now`). */
  generatedAt: number;
}

/** The run's predicted duration from its estimates, with its own agents and strategy. */
export interface ReportEstimate {
  /** Makespan of the plan simulated with every ticket taking its estimate (`tpe run --dry-run`). */
  makespanMs: number;
  /** max(critical path, work ÷ agents): no schedule can beat it. */
  lowerBoundMs: number;
  criticalPathMs: number;
  totalWorkMs: number;
  /** Wall time ÷ predicted makespan (a live run: so far). */
  ratio: number;
  /** Wall time − predicted makespan. */
  deltaMs: number;
  /** Wall time ÷ lower bound. */
  lowerBoundRatio: number;
}

export interface ReportRun {
  id: string;
  planName: string;
  planFile: string;
  strategy: string;
  /** `completed`, `failed`, `stopped`, `running`, `paused`, …, or `crashed`. */
  status: string;
  /** An engine runs it now: the report is as of `asOf`. */
  live: boolean;
  startedAt: number;
  endedAt: number | undefined;
  /** The end of what the report covers: the run's end, now (live), or the last journaled moment (crashed). */
  asOf: number;
  wallMs: number;
  agents: Array<{ type: string; count: number }>;
  total: number;
  counts: Partial<Record<TicketState, number>>;
  /** Undefined when not simulated (`estimate: false`). */
  estimate: ReportEstimate | undefined;
}

export interface PriorityCompletion {
  priority: Priority;
  total: number;
  completed: number;
  failed: number;
  blocked: number;
  cancelled: number;
  /** Not finished: waiting, ready, running, interrupted (a stopped, crashed or live run). */
  unfinished: number;
  /** completed ÷ total (1 when there are none). */
  completedShare: number;
}

export interface AgentPerformance {
  id: string;
  type: string;
  /** Distinct tickets it worked on. */
  tickets: number;
  attempts: number;
  busyMs: number;
  /** busy ÷ wall time. */
  utilization: number;
  /** Its attempts that failed (retried or for good). */
  failures: number;
  /** busy ÷ attempts. */
  meanMs: number;
}

export interface AgentTypePerformance {
  type: string;
  agents: number;
  tickets: number;
  attempts: number;
  busyMs: number;
  /** Σ busy ÷ (agents × wall time). */
  utilization: number;
  failures: number;
  meanMs: number;
  /** Σ time its tickets waited with every agent of the type busy. */
  waitedForAgentMs: number;
}

export interface ResourceUse {
  name: string;
  capacity: number;
  /** Units × time held ÷ (capacity × wall time). */
  utilization: number;
  /** Σ units × time held. */
  heldMs: number;
  /** Σ time tickets waited for it (its `resource` and `reserved` waits). */
  waitedMs: number;
  /** Tickets that used it. */
  users: number;
}

/** One ticket of the run: the CSV's row. */
export interface ReportTicket {
  id: string;
  title: string;
  priority: Priority;
  agentType: string;
  /** The agent of its last attempt. */
  agentId: string | undefined;
  state: TicketState;
  /** Done in the registry before the run: it did not run. */
  settled: boolean;
  attempts: number;
  /** Attempts that failed and were retried. */
  retries: number;
  /** Its first attempt's start. */
  startedAt: number | undefined;
  /** When it reached its final state. */
  endedAt: number | undefined;
  /** Time holding an agent, over all attempts (the actual to compare with the estimate). */
  durationMs: number;
  estimateMs: number | undefined;
  /** duration ÷ estimate, for completed tickets with an estimate. */
  ratio: number | undefined;
  /** Ready but not started (an agent, a resource, a conflict…), over all its ready periods. */
  waitMs: number;
  waitByCause: Partial<Record<WaitCause, number>>;
  /** Waiting for its hard dependencies. */
  dependencyMs: number;
  backoffMs: number;
  error: { code: string; message: string } | undefined;
  /** Why it was blocked or cancelled. */
  reason: string | undefined;
  rollback: 'ok' | 'failed' | undefined;
  logFile: string | undefined;
}

/** How an attempt ended, as the chart colours it. */
export type AttemptOutcome = 'completed' | 'retried' | 'failed' | 'interrupted' | 'cancelled' | 'running';

/** One attempt on one agent: a bar of the Gantt chart. */
export interface ReportBar {
  ticket: string;
  attempt: number;
  agentId: string;
  agentType: string;
  from: number;
  to: number;
  outcome: AttemptOutcome;
  /** Running on the critical chain (what the end waited for). */
  critical: boolean;
}

/**
 * A recommendation: the diagnosis's (each with its simulated gain), or one of
 * the report's own (failures to fix, estimates to recalibrate).
 */
export type ReportRecommendation =
  | Recommendation
  | { kind: 'fix-failures'; section: 'bottlenecks'; tickets: string[]; text: string }
  | { kind: 'recalibrate-estimates'; section: 'bottlenecks'; ratio: number; text: string };

export interface ReportChain {
  end: string | undefined;
  totalMs: number;
  /** The chain in one line: `A 10m → B [database held by A] 5m`. */
  path: string;
  tickets: Array<{ id: string; ms: number; share: number }>;
}

export interface RunReport {
  kind: 'run-report';
  version: 1;
  generatedAt: number;
  run: ReportRun;
  /** The seed's ExecutionMetrics, from the recorded run. */
  metrics: ExecutionMetrics;
  byPriority: PriorityCompletion[];
  agentTypes: AgentTypePerformance[];
  agents: AgentPerformance[];
  /** Σ over tickets: waiting on dependencies, ready but not started (by cause). */
  waiting: { dependencyMs: number; readyMs: number; byCause: Partial<Record<WaitCause, number>> };
  /** Conflicts, resources and isolation that made tickets wait, largest first. */
  contended: ContendedThing[];
  resources: ResourceUse[];
  /** Failed, blocked and cancelled tickets (ids; details in `tickets`). */
  problems: string[];
  /** Tickets that failed an attempt and were retried (ids). */
  retried: string[];
  estimates: EstimateAccuracy;
  criticalChain: ReportChain;
  recommendations: ReportRecommendation[];
  /** Every ticket of the plan, in plan order. */
  tickets: ReportTicket[];
  /** The actual schedule: one lane per agent, one bar per attempt. */
  gantt: { start: number; end: number; lanes: Array<{ id: string; type: string }>; bars: ReportBar[] };
}
