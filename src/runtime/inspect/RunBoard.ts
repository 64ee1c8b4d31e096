/**
 * What an inspector knows of a run: every ticket's, agent's and the
 * supervisor's current state and each ticket's transitions, kept from the
 * engine's event stream alone. So it works the same inside the engine's
 * process (`tpe run --ui`) and in another one fed by the control socket
 * (`tpe monitor --web`), and turns into inspection-protocol events
 * (inspectionProtocol.ts) whenever a reader wants them.
 *
 * Being watched must cost the run next to nothing: an event updates a ticket
 * record in place and appends its step to typed arrays (no object per
 * transition: a 10,000-ticket run makes 30,000 of them); steps become
 * objects only when someone asks for one ticket's history, and tickets
 * travel to readers as one columnar batch (TicketBatch).
 */
import { agentMachine } from '../../machines/agentMachine.js';
import { supervisorMachine } from '../../machines/supervisorMachine.js';
import { FINAL_TICKET_STATES, TICKET_EVENT_TYPES, TICKET_STATES, ticketMachine, type TicketState } from '../../machines/ticketMachine.js';
import type { EngineEvent } from '../events.js';
import type { RunSnapshot } from '../runSnapshot.js';
import { actorEvent, eventEvent, snapshotEvent } from './inspectionEvents.mjs';
import { agentSessionId, definitionOf, supervisorSessionId, ticketSessionId, type InspectedSnapshot, type InspectionEvent, type TicketBatch } from './inspectionProtocol.js';

/** One step of a ticket's life, as the dashboard lists it. */
export interface TicketStep {
  at: number;
  from: TicketState;
  to: TicketState;
  /** The machine event (`ASSIGN`, `WORK_DONE`, …); empty when unknown (steps read back from the journal). */
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
  /** Index of its last step in the board's step log (-1: none yet). */
  lastStep: number;
}

export interface BoardAgent {
  id: string;
  type: string;
  state: string;
  ticket: string | undefined;
  event: string;
}

const ENTRY_EVENT = 'xstate.init';
/** Value tables of ticket batches: states and events by code. */
const EVENTS: readonly string[] = [ENTRY_EVENT, ...TICKET_EVENT_TYPES];
const stateCode = new Map<string, number>(TICKET_STATES.map((s, i) => [s, i]));
const eventCode = new Map<string, number>(EVENTS.map((e, i) => [e, i]));

/** Numbers per step in the log: from, to, event, attempt, agent (-1: none), at, previous step of the ticket (-1). */
const STEP = 7;

export class RunBoard {
  readonly tickets = new Map<string, BoardTicket>();
  /** The same records by the plan's ticket index (events carry it). */
  private readonly byIndex: Array<BoardTicket | undefined> = [];
  readonly agents = new Map<string, BoardAgent>();
  runState: string;
  /** Tickets changed since the last `takeChanged()`, in the order they changed. */
  private changed = new Set<BoardTicket>();
  private agentsChanged = new Set<string>();
  private runChanged = false;
  private readonly supervisorId: string;
  private steps = new Float64Array(STEP * 4096);
  private stepCount = 0;
  private readonly notes = new Map<number, string>();
  private readonly agentIds: string[] = [];
  private readonly agentCodes = new Map<string, number>();

  constructor(readonly runId: string, initial: RunSnapshot) {
    this.supervisorId = supervisorSessionId(runId);
    this.runState = initial.state;
    // A snapshot lists tickets in plan order: position = index. Filled by
    // push so the array stays packed (a sparse one is a slow dictionary).
    for (const t of initial.tickets ?? []) {
      const record: BoardTicket = { id: t.id, state: t.state, attempt: t.attempt, agentId: t.agentId, event: ENTRY_EVENT, at: initial.now, startedAt: t.startedAt, endedAt: t.endedAt, lastStep: -1 };
      this.tickets.set(t.id, record);
      this.byIndex.push(record);
    }
    for (const a of initial.agents) this.agents.set(a.id, { id: a.id, type: a.type, state: a.state, ticket: a.ticket, event: ENTRY_EVENT });
  }

  /** Takes one engine event in; O(1), allocation-free for a known ticket. */
  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'ticket.transition': {
        // By the plan's index first: cheaper than hashing the id on every event.
        let t = this.byIndex[event.index];
        if (t === undefined || t.id !== event.ticket) {
          t = this.tickets.get(event.ticket);
          if (t === undefined) {
            t = { id: event.ticket, state: event.from, attempt: 0, agentId: undefined, event: ENTRY_EVENT, at: event.at, startedAt: undefined, endedAt: undefined, lastStep: -1 };
            this.tickets.set(event.ticket, t);
          }
          if (event.index === this.byIndex.length) this.byIndex.push(t);
          else if (event.index < this.byIndex.length) this.byIndex[event.index] = t;
        }
        const note = event.error?.message ?? event.reason;
        if (note !== undefined) this.notes.set(this.stepCount, note);
        t.lastStep = this.logStep(event.from, event.to, event.event, event.attempt, event.agentId, event.at, t.lastStep);
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
        this.changed.add(t);
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

  /** A ticket's transitions seen since the board began, oldest first (earlier ones are in the run store). */
  stepsOf(ticketId: string): TicketStep[] {
    const out: TicketStep[] = [];
    const d = this.steps;
    for (let k = this.tickets.get(ticketId)?.lastStep ?? -1; k >= 0; k = d[k * STEP + 6] as number) {
      const o = k * STEP;
      const agent = d[o + 4] as number;
      const step: TicketStep = {
        at: d[o + 5] as number,
        from: TICKET_STATES[d[o] as number] as TicketState,
        to: TICKET_STATES[d[o + 1] as number] as TicketState,
        event: EVENTS[d[o + 2] as number] ?? '',
        attempt: d[o + 3] as number,
        agentId: agent >= 0 ? this.agentIds[agent] : undefined,
      };
      const note = this.notes.get(k);
      if (note !== undefined) step.note = note;
      out.push(step);
    }
    return out.reverse();
  }

  /** Whether anything changed since the last `takeChanged()`. */
  get dirty(): boolean {
    return this.changed.size > 0 || this.agentsChanged.size > 0 || this.runChanged;
  }

  /**
   * The inspection events that bring a reader up to date with what changed
   * since the last call: per changed actor its last event and its current
   * snapshot (a ticket that moved twice within one frame shows where it is,
   * which is what a dashboard draws; its steps are in `stepsOf`). Tickets
   * come as one TicketBatch.
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
    if (this.changed.size > 0) out.push(this.ticketBatch(this.changed, false));
    this.changed.clear();
    return out;
  }

  /** Every actor as it is now, each announced with its definition: what a reader that just arrived needs. */
  everything(): InspectionEvent[] {
    const out: InspectionEvent[] = [this.actorEvent(this.supervisorId, 'supervisor', undefined, definitionOf(supervisorMachine), { value: this.runState, status: this.runStatus() })];
    for (const a of this.agents.values()) out.push(...this.agentEvents(a, true));
    // The ticket machine's definition travels once for all tickets: a page of
    // 10,000 tickets need not carry it 10,000 times.
    if (this.tickets.size > 0) out.push(this.ticketBatch(this.tickets.values(), true));
    return out;
  }

  private logStep(from: TicketState, to: TicketState, event: string, attempt: number, agentId: string | undefined, at: number, previous: number): number {
    if ((this.stepCount + 1) * STEP > this.steps.length) {
      const bigger = new Float64Array(this.steps.length * 2);
      bigger.set(this.steps);
      this.steps = bigger;
    }
    const o = this.stepCount * STEP;
    const d = this.steps;
    d[o] = stateCode.get(from) ?? 0;
    d[o + 1] = stateCode.get(to) ?? 0;
    d[o + 2] = eventCode.get(event) ?? 0;
    d[o + 3] = attempt;
    d[o + 4] = agentId === undefined ? -1 : this.agentCode(agentId);
    d[o + 5] = at;
    d[o + 6] = previous;
    return this.stepCount++;
  }

  private agentCode(id: string): number {
    let code = this.agentCodes.get(id);
    if (code === undefined) {
      code = this.agentIds.length;
      this.agentIds.push(id);
      this.agentCodes.set(id, code);
    }
    return code;
  }

  private ticketBatch(tickets: Iterable<BoardTicket>, announce: boolean): TicketBatch {
    const batch: TicketBatch = {
      type: '@tpe.tickets',
      rootId: this.supervisorId,
      announce,
      states: TICKET_STATES,
      events: EVENTS,
      tickets: [],
      state: [],
      event: [],
      attempt: [],
      agentId: [],
      at: [],
      startedAt: [],
      endedAt: [],
    };
    if (announce) batch.definition = definitionOf(ticketMachine);
    for (const t of tickets) {
      batch.tickets.push(t.id);
      batch.state.push(stateCode.get(t.state) ?? 0);
      batch.event.push(eventCode.get(t.event) ?? 0);
      batch.attempt.push(t.attempt);
      batch.agentId.push(t.agentId ?? null);
      batch.at.push(t.at);
      batch.startedAt.push(t.startedAt ?? null);
      batch.endedAt.push(t.endedAt ?? null);
    }
    return batch;
  }

  private runStatus(): 'active' | 'done' {
    return ['completed', 'failed', 'stopped'].includes(this.runState) ? 'done' : 'active';
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

  private eventEvent(sessionId: string, type: string): InspectionEvent {
    return eventEvent(sessionId, this.supervisorId, this.supervisorId, type, '');
  }

  private snapshotEvent(sessionId: string, snapshot: InspectedSnapshot, type: string): InspectionEvent {
    return snapshotEvent(sessionId, this.supervisorId, type, snapshot, '');
  }
}

export { ticketSessionId };
