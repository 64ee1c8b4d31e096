/**
 * What a run ends with: the outcome of every ticket and the seed's
 * ExecutionMetrics. Plain data, ready for `--json`, reports and the store.
 */
import type { TicketFailure, TicketState } from '../machines/ticketMachine.js';

export type RunStatus = 'completed' | 'failed' | 'stopped';

export interface TicketOutcome {
  id: string;
  title: string;
  agent: string;
  priority: string;
  state: TicketState;
  attempts: number;
  /** The agent slot of the last attempt. */
  agentId: string | undefined;
  /** Engine-clock time the first attempt started. */
  startedAt: number | undefined;
  /** Engine-clock time the ticket reached its final state. */
  endedAt: number | undefined;
  /** Time spent holding an agent, over all attempts. */
  busyMs: number;
  estimateMs: number | undefined;
  /**
   * The last failure of an attempt. Also kept on a `completed` ticket whose retry succeeded:
   * then it is the failure the ticket recovered from (`attempts` > 1), which reports list
   * under retries, not failures.
   */
  error: TicketFailure | undefined;
  /** Why it was blocked or cancelled. */
  reason: string | undefined;
  rollback: 'ok' | 'failed' | undefined;
  logFile: string | undefined;
}

/** The seed's ExecutionMetrics (names as in the seed, times in ms). */
export interface ExecutionMetrics {
  total_tickets: number;
  completed_tickets: number;
  failed_tickets: number;
  blocked_tickets: number;
  cancelled_tickets: number;
  /** Mean time holding an agent, over tickets that ran. */
  average_execution_time: number;
  /** Σ busy time ÷ wall time: how many agents were busy on average. */
  parallelism_factor: number;
  /** parallelism_factor ÷ agents. */
  parallelism_efficiency: number;
  /** Per resource: fraction of capacity × time in use. */
  resource_utilization: Record<string, number>;
  /** Total time tickets spent parked behind a conflict or a resource. */
  conflict_resolution_time: number;
  wall_time: number;
  agents: number;
}

export interface RunResult {
  runId: string;
  planName: string;
  status: RunStatus;
  startedAt: number;
  endedAt: number;
  tickets: TicketOutcome[];
  metrics: ExecutionMetrics;
}

/** The process exit code for a result (DESIGN.md, Errors). */
export function exitCodeFor(status: RunStatus): number {
  return status === 'completed' ? 0 : status === 'failed' ? 1 : 3;
}
