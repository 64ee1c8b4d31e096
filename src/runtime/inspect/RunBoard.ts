/**
 * What an inspector knows of a run: every ticket's, agent's and the
 * supervisor's current state and each ticket's transitions, kept from the
 * engine's event stream alone. So it works the same inside the engine's
 * process (`tpe run --ui`) and in another one fed by the control socket
 * (`tpe monitor --web`), and turns into inspection-protocol events
 * (inspectionProtocol.ts) whenever a reader wants them.
 */
import { agentMachine } from '../../machines/agentMachine.js';
import { supervisorMachine } from '../../machines/supervisorMachine.js';
import { FINAL_TICKET_STATES, ticketMachine, type TicketState } from '../../machines/ticketMachine.js';
import type { EngineEvent } from '../events.js';
import type { RunSnapshot } from '../runSnapshot.js';
import { actorEvent, eventEvent, snapshotEvent } from './inspectionEvents.mjs';
import { agentSessionId, definitionOf, supervisorSessionId, ticketSessionId, type InspectedSnapshot, type InspectionEvent } from './inspectionProtocol.js';

/** One step of a ticket's life, as the dashboard lists it. */
export interface TicketStep {
  at: number;
  from: TicketState;
  to: TicketState;
  event: string;
  attempt: number;
  agentId: string | undefined;
  /** Error message or reason, when the step has one. */
  note?: string;
}

export interface BoardTicket {
  id: string;
  state: TicketState;
  attempt: number;
  agentId: string | undefined;
  /** The event of the last transition (`ASSIGN`, `WORK_DONE`, …). */
  event: string;
  /** Engine-clock time of the last transition. */
  at: number;
  /** Start of the current or last attempt's work. */
  startedAt: number | undefined;
  /** When it reached a final state. */
  endedAt: number | undefined;
  /** Transitions seen since the board began (earlier ones are in the run store). */
  steps: TicketStep[];
}

export interface BoardAgent {
  id: string;
  type: string;
  state: string;
  ticket: string | undefined;
  event: string;
}

const ENTRY_EVENT = 'xstate.init';

export class RunBoard {
  readonly tickets = new Map<string, BoardTicket>();
  readonly agents = new Map<string, BoardAgent>();
  runState: string;
  /** Tickets changed since the last `takeChanged()`, in the order they changed. */
  private changed = new Set<string>();
  private agentsChanged = new Set<string>();
  private runChanged = false;
  private readonly supervisorId: string;

  constructor(readonly runId: string, initial: RunSnapshot) {
    this.supervisorId = supervisorSessionId(runId);
    this.runState = initial.state;
    for (const t of initial.tickets ?? []) {
      this.tickets.set(t.id, { id: t.id, state: t.state, attempt: t.attempt, agentId: t.agentId, event: ENTRY_EVENT, at: initial.now, startedAt: t.startedAt, endedAt: t.endedAt, steps: [] });
    }
    for (const a of initial.agents) this.agents.set(a.id, { id: a.id, type: a.type, state: a.state, ticket: a.ticket, event: ENTRY_EVENT });
  }

  /** Takes one engine event in; O(1). */
  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'ticket.transition': {
        let t = this.tickets.get(event.ticket);
        if (t === undefined) {
          t = { id: event.ticket, state: event.from, attempt: 0, agentId: undefined, event: ENTRY_EVENT, at: event.at, startedAt: undefined, endedAt: undefined, steps: [] };
          this.tickets.set(event.ticket, t);
        }
        const step: TicketStep = { at: event.at, from: event.from, to: event.to, event: event.event, attempt: event.attempt, agentId: event.agentId };
        const note = event.error?.message ?? event.reason;
        if (note !== undefined) step.note = note;
        t.steps.push(step);
        t.state = event.to;
        t.attempt = event.attempt;
        t.agentId = event.agentId;
        t.event = event.event;
        t.at = event.at;
        if (event.to === 'executing') {
          t.startedAt = event.at;
          t.endedAt = undefined;
        }
        if (FINAL_TICKET_STATES.has(event.to)) t.endedAt = event.at;
        this.changed.add(event.ticket);
        return;
      }
      case 'agent.transition': {
        this.agents.set(event.agentId, { id: event.agentId, type: event.agentType, state: event.to, ticket: event.ticket, event: event.to === 'busy' ? 'ASSIGN' : event.to === 'idle' ? 'RELEASE' : event.to.toUpperCase() });
        this.agentsChanged.add(event.agentId);
        return;
      }
      case 'run.state':
        this.runState = event.to;
        this.runChanged = true;
        return;
      case 'run.finished':
        this.runState = event.result.status;
        this.runChanged = true;
        return;
      default:
        return;
    }
  }

  /** Whether anything changed since the last `takeChanged()`. */
  get dirty(): boolean {
    return this.changed.size > 0 || this.agentsChanged.size > 0 || this.runChanged;
  }

  /**
   * The inspection events that bring a reader up to date with what changed
   * since the last call: per changed actor its last event and its current
   * snapshot (a ticket that moved twice within one frame shows where it is,
   * which is what a dashboard draws; its steps are in `tickets`).
   */
  takeChanged(): InspectionEvent[] {
    const out: InspectionEvent[] = [];
    if (this.runChanged) {
      out.push(this.snapshotEvent(this.supervisorId, { value: this.runState, status: this.runStatus() }, this.runState.toUpperCase()));
      this.runChanged = false;
    }
    for (const id of this.agentsChanged) {
      const a = this.agents.get(id);
      if (a) out.push(...this.agentEvents(a, false));
    }
    this.agentsChanged.clear();
    for (const id of this.changed) {
      const t = this.tickets.get(id);
      if (t) out.push(...this.ticketEvents(t, false));
    }
    this.changed.clear();
    return out;
  }

  /** Every actor as it is now, each announced with its definition: what a reader that just arrived needs. */
  everything(): InspectionEvent[] {
    const out: InspectionEvent[] = [this.actorEvent(this.supervisorId, 'supervisor', undefined, definitionOf(supervisorMachine), { value: this.runState, status: this.runStatus() })];
    for (const a of this.agents.values()) out.push(...this.agentEvents(a, true));
    // The ticket machine's definition travels once, with the first ticket: a
    // page of 10,000 tickets need not carry it 10,000 times.
    let first = true;
    for (const t of this.tickets.values()) {
      out.push(...this.ticketEvents(t, true, first ? definitionOf(ticketMachine) : undefined));
      first = false;
    }
    return out;
  }

  private runStatus(): 'active' | 'done' {
    return ['completed', 'failed', 'stopped'].includes(this.runState) ? 'done' : 'active';
  }

  private ticketEvents(t: BoardTicket, announce: boolean, definition?: string): InspectionEvent[] {
    const sessionId = ticketSessionId(t.id);
    const context = { ticket: t.id, attempt: t.attempt, agentId: t.agentId, startedAt: t.startedAt, endedAt: t.endedAt, at: t.at };
    const snapshot = { status: FINAL_TICKET_STATES.has(t.state) ? ('done' as const) : ('active' as const), value: t.state, context };
    if (announce) return [this.actorEvent(sessionId, t.id, this.supervisorId, definition, snapshot)];
    return [this.eventEvent(sessionId, t.event, t.at), this.snapshotEvent(sessionId, snapshot, t.event, t.at)];
  }

  private agentEvents(a: BoardAgent, announce: boolean): InspectionEvent[] {
    const sessionId = agentSessionId(a.id);
    const snapshot = { status: a.state === 'retired' ? ('done' as const) : ('active' as const), value: a.state, context: { agentId: a.id, agentType: a.type, ticket: a.ticket } };
    if (announce) return [this.actorEvent(sessionId, a.id, this.supervisorId, definitionOf(agentMachine), snapshot)];
    return [this.eventEvent(sessionId, a.event), this.snapshotEvent(sessionId, snapshot, a.event)];
  }

  private actorEvent(sessionId: string, name: string, parentId: string | undefined, definition: string | undefined, snapshot: InspectedSnapshot): InspectionEvent {
    return actorEvent(sessionId, name, parentId, this.supervisorId, definition, snapshot, '');
  }

  private eventEvent(sessionId: string, type: string, at?: number): InspectionEvent {
    return eventEvent(sessionId, this.supervisorId, this.supervisorId, type, at === undefined ? '' : String(at));
  }

  private snapshotEvent(sessionId: string, snapshot: InspectedSnapshot, type: string, at?: number): InspectionEvent {
    return snapshotEvent(sessionId, this.supervisorId, type, snapshot, at === undefined ? '' : String(at));
  }
}
