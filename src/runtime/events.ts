/**
 * The one typed event stream of a run. Every reporter (progress lines, the
 * live view, pino logs, `--json`, later the dashboards and the store)
 * subscribes to it; none reaches into the engine.
 */
import type { AgentState } from '../machines/agentMachine.js';
import type { SupervisorState } from '../machines/supervisorMachine.js';
import type { TicketEvent, TicketFailure, TicketState } from '../machines/ticketMachine.js';
import type { RunResult } from './runResult.js';

export type EngineEvent =
  | { type: 'run.started'; at: number; runId: string; planName: string; tickets: number; agents: number; logDir: string }
  | { type: 'run.state'; at: number; from: SupervisorState; to: SupervisorState }
  | {
      type: 'ticket.transition';
      at: number;
      ticket: string;
      index: number;
      from: TicketState;
      to: TicketState;
      /** The ticket machine event that caused it (`ASSIGN`, `WORK_DONE`, …): what an inspector shows. */
      event: TicketEvent['type'];
      attempt: number;
      agentId: string | undefined;
      error?: TicketFailure;
      /** Why it was blocked or cancelled. */
      reason?: string;
      /** Absolute log file of the attempt (set when an attempt starts). */
      logFile?: string;
    }
  | { type: 'ticket.progress'; at: number; ticket: string; fraction: number; message?: string }
  | { type: 'agent.transition'; at: number; agentId: string; agentType: string; from: AgentState; to: AgentState; ticket: string | undefined }
  /** Tickets were added to the running plan (`adjust --add`). */
  | { type: 'run.extended'; at: number; tickets: string[] }
  | { type: 'run.finished'; at: number; result: RunResult };

export type EngineEventType = EngineEvent['type'];
export type EngineListener = (event: EngineEvent) => void;

/** A minimal synchronous emitter; `active` lets hot paths skip building events nobody reads. */
export class EventHub {
  private readonly listeners = new Set<EngineListener>();

  get active(): boolean {
    return this.listeners.size > 0;
  }

  on(listener: EngineListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: EngineEvent): void {
    for (const l of this.listeners) {
      // A broken reporter must not break the run.
      try {
        l(event);
      } catch {
        /* reporters own their errors */
      }
    }
  }
}
