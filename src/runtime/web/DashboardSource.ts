/**
 * Where the web dashboard gets a run from. Two kinds: the engine in this
 * process (`tpe run --ui`: engineDashboardSource) and a run in another
 * process reached through its control socket (`tpe monitor --web`:
 * socketDashboardSource). The server (startDashboardServer) sees only this,
 * so the page is the same either way.
 */
import type { CompiledPlan } from '../../plan/types.js';
import type { ControlCommand } from '../control/executeControl.js';
import type { EngineListener } from '../events.js';
import type { TicketStep } from '../inspect/RunBoard.js';
import type { RunSnapshot } from '../runSnapshot.js';

/** What the page's buttons may ask for. Adjustments stay with the CLI. */
export type WebControlRequest = Extract<ControlCommand, { op: 'pause' | 'resume' | 'stop' }>;

export interface DashboardSource {
  readonly runId: string;
  /** The plan as the run knows it now (grows with `adjust --add`). */
  plan(): CompiledPlan;
  /**
   * The run as of now. `tickets: true` lists every ticket (the page's first
   * paint); frames ask for the summary only.
   */
  snapshot(options: { tickets: boolean; waitLimit: number }): Promise<RunSnapshot>;
  /** Every engine event from now on; returns the unsubscribe. */
  onEvent(listener: EngineListener): () => void;
  /** Pause, resume or stop, through the same path as the CLI's commands. */
  control(request: WebControlRequest): Promise<unknown>;
  /**
   * A ticket's transitions from before this source was opened (the run
   * store's journal): the page joins them with those it saw live.
   */
  history(ticketId: string): Promise<TicketStep[]>;
  /** Releases what the source holds (a socket subscription); the run goes on. */
  close(): Promise<void>;
  /**
   * Resolves when the source can tell no more: a monitored run's engine closed its socket.
   * If no `run.finished` came before, the engine died with the run unfinished, and pages are
   * told the run `crashed`. An in-process source does without.
   */
  readonly ended?: Promise<void>;
}
