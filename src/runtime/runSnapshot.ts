/**
 * A run as others see it: what `tpe status` prints, what `tpe monitor` and
 * the dashboards render, what the control channel answers. Plain JSON, the
 * same shape whether it comes from a live engine or from the run store.
 */
import type { TicketState } from '../machines/ticketMachine.js';
import type { Priority } from '../plan/types.js';
import type { WaitReason } from './dispatch/waitReason.js';

/** The run's own state: the supervisor's, or how a run that is not live last ended. */
export type RunState =
  | 'validating'
  | 'running'
  | 'pausing'
  | 'paused'
  | 'stopping'
  | 'stopped'
  | 'completed'
  | 'failed'
  /** Recorded as running, but its process is gone: resumable. */
  | 'crashed';

export interface SnapshotAgent {
  id: string;
  type: string;
  /** The agent actor's state (`idle`, `busy`, `crashed`, `replacing`, `retiring`, `retired`). */
  state: string;
  ticket: string | undefined;
  progress: number;
  /** Engine-clock time its current ticket started. */
  since: number | undefined;
  /** Expected end of its current ticket (estimate scaled by the run's actual/estimate ratio). */
  etaAt: number | undefined;
  completed: number;
  failed: number;
}

export interface SnapshotTicket {
  id: string;
  title: string;
  agent: string;
  priority: Priority;
  group: string | undefined;
  state: TicketState;
  attempt: number;
  agentId: string | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  estimateMs: number | undefined;
}

export interface SnapshotWait {
  ticket: string;
  state: TicketState;
  reason: WaitReason;
  /** The reason in words, with ticket ids: "database held by DB-001". */
  text: string;
}

export interface SnapshotResource {
  name: string;
  capacity: number;
  inUse: number;
  /** Ticket ids holding units now. */
  holders: string[];
}

export interface SnapshotGroup {
  id: number;
  total: number;
  done: number;
  running: number;
}

export interface RunSnapshot {
  runId: string;
  planName: string;
  planFile: string;
  state: RunState;
  /** True when an engine process is running it now (answers come from it, not the store). */
  live: boolean;
  pid: number | undefined;
  now: number;
  startedAt: number | undefined;
  endedAt: number | undefined;
  counts: Partial<Record<TicketState, number>>;
  total: number;
  byPriority: Record<Priority, { total: number; completed: number }>;
  groups: SnapshotGroup[];
  agents: SnapshotAgent[];
  resources: SnapshotResource[];
  /** Conflicting pairs with one side running and the other waiting on it. */
  activeConflicts: Array<{ running: string; waiting: string }>;
  /** Why tickets wait, the first `waitLimit` of them (ready ones first). */
  waits: SnapshotWait[];
  /** Every ticket, unless the caller asked for a summary only (`tickets: false`). */
  tickets: SnapshotTicket[] | undefined;
  /** Completed tickets per hour since the start. */
  velocityPerHour: number;
  /** Observed Σ actual ÷ Σ estimate over completed tickets with an estimate (1 when none). */
  actualToEstimate: number;
  /** Predicted time to the end, from a simulation of what is left with the current pool. */
  etaMs: number | undefined;
}
