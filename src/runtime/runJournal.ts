/**
 * What the engine tells a durable store, and what it needs back to resume.
 *
 * The coordinator records every ticket transition (with the machine context
 * needed to restore the statechart) and every process it starts. Transitions
 * are buffered and made durable by `commit()`, which the coordinator calls
 * before every dispatch: a completion is therefore durable before any of its
 * dependents starts, at the cost of one transaction per batch, not per event.
 * A started process is durable at once: after a crash its process group must
 * be findable, to be killed before the ticket runs again.
 */
import type { TicketContext, TicketState } from '../machines/ticketMachine.js';
import type { JobPhase } from './jobForTicket.js';

export interface TransitionRecord {
  at: number;
  /** Index in the run's plan. */
  ticket: number;
  from: TicketState;
  to: TicketState;
  attempt: number;
  agentId: string | undefined;
  /** The statechart's context after the step (small, JSON-safe). */
  context: TicketContext;
}

export interface ProcessRecord {
  at: number;
  ticket: number;
  attempt: number;
  phase: JobPhase;
  pid: number;
  /** Start time of the process as the kernel counts it, to tell it from a later process that reused the id. */
  startTicks: number | undefined;
  logFile: string | undefined;
  /** Where the attempt's wrapper writes the command's exit code, even after the engine died. */
  exitFile: string | undefined;
}

/** A ready ticket the dispatcher could not start, and why (recorded once per wait, for `diagnose`). */
export interface WaitRecord {
  at: number;
  ticket: number;
  /** `resource`, `reserved`, `conflict`, `isolation`, `concurrency`, … (WaitReason.kind). */
  kind: string;
  /** What it waited on: a resource name, or the tickets (indices) it waited for. */
  on: string;
}

export interface RunJournal {
  transition(record: TransitionRecord): void;
  /** Buffered like transitions. */
  waited?(record: WaitRecord): void;
  processStarted(record: ProcessRecord): void;
  /** Makes everything recorded so far durable. */
  commit(): void;
}

/** A ticket as the journal last saw it: what a resumed run starts from. */
export interface RestoredTicket {
  state: TicketState;
  context: TicketContext;
  attempt: number;
  agentId: string | undefined;
  /**
   * The outcome of an attempt that finished while no engine was watching
   * (read from its exit file): its next ASSIGN reports it instead of running
   * the work again.
   */
  adopted?: { ok: boolean; exitCode: number };
}
