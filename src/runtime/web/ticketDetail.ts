/**
 * `/api/tickets/<id>`: one ticket for the page's ticket panel: what the plan
 * says, where it is now, every transition it made and why it waits.
 */
import type { TicketState } from '../../machines/ticketMachine.js';
import type { CompiledPlan, CompiledTicket } from '../../plan/types.js';
import { ticketIdAt } from '../../plan/ticketIdAt.js';
import { ticketSummary, type TicketSummary } from './planInfo.js';
import type { BoardTicket, TicketStep } from '../inspect/RunBoard.js';
import type { SnapshotWait } from '../runSnapshot.js';

export interface TicketDetail extends TicketSummary {
  conflictsWith: string[];
  resources: Record<string, number>;
  /** Undefined when the run has not reported the ticket yet (a monitor that just attached). */
  state: TicketState | undefined;
  attempt: number;
  agentId: string | undefined;
  startedAt: number | undefined;
  endedAt: number | undefined;
  /** The run's journal before the dashboard opened, then what it saw live; oldest first. */
  steps: TicketStep[];
  wait: { state: TicketState; text: string; kind: string } | undefined;
  logFile: string | undefined;
}

export interface TicketDetailInput {
  plan: CompiledPlan;
  ticket: CompiledTicket;
  live: BoardTicket | undefined;
  /** What the dashboard saw itself (RunBoard.stepsOf). */
  liveSteps: readonly TicketStep[];
  history: readonly TicketStep[];
  wait: SnapshotWait | undefined;
  logFile: string | undefined;
}

export function ticketDetail({ plan, ticket, live, liveSteps, history, wait, logFile }: TicketDetailInput): TicketDetail {
  return {
    ...ticketSummary(plan, ticket),
    conflictsWith: ticket.conflictsWith.map((i) => ticketIdAt(plan, i)),
    resources: { ...ticket.resources },
    state: live?.state,
    attempt: live?.attempt ?? 0,
    agentId: live?.agentId,
    startedAt: live?.startedAt,
    endedAt: live?.endedAt,
    steps: joinSteps(history, liveSteps),
    wait: wait === undefined ? undefined : { state: wait.state, text: wait.text, kind: wait.reason.kind },
    logFile,
  };
}

/**
 * The journal's steps, then the live ones it does not already hold: a
 * monitor attached to a run that also journals sees some transitions both ways.
 */
export function joinSteps(history: readonly TicketStep[], live: readonly TicketStep[]): TicketStep[] {
  if (history.length === 0) return [...live];
  const key = (s: TicketStep) => `${s.at}|${s.from}|${s.to}|${s.attempt}`;
  const seen = new Set(history.map(key));
  const out = [...history, ...live.filter((s) => !seen.has(key(s)))];
  // Stable: steps with the same time keep the order they happened in.
  return out.sort((a, b) => a.at - b.at);
}
