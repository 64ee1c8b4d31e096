/**
 * A TicketBatch as the inspection events it stands for: what the dashboard
 * page does with one (assets/dashboard.js), and what a test compares it with.
 */
import { FINAL_TICKET_STATES as FINAL, type TicketState } from '../../machines/ticketMachine.js';
import { actorEvent, eventEvent, snapshotEvent } from './inspectionEvents.mjs';
import { ticketSessionId, type InspectedSnapshot, type InspectionEvent, type TicketBatch } from './inspectionProtocol.js';


export function expandTicketBatch(batch: TicketBatch): InspectionEvent[] {
  const out: InspectionEvent[] = [];
  for (let i = 0; i < batch.tickets.length; i++) {
    const id = batch.tickets[i] as string;
    const value = batch.states[batch.state[i] as number] as string;
    const at = batch.at[i] as number;
    const context: Record<string, unknown> = { ticket: id, attempt: batch.attempt[i], at };
    if (batch.agentId[i] !== null) context.agentId = batch.agentId[i];
    if (batch.startedAt[i] !== null) context.startedAt = batch.startedAt[i];
    if (batch.endedAt[i] !== null) context.endedAt = batch.endedAt[i];
    const snapshot: InspectedSnapshot = { status: FINAL.has(value as TicketState) ? 'done' : 'active', value, context };
    const sessionId = ticketSessionId(id);
    if (batch.announce) {
      out.push(actorEvent(sessionId, id, batch.rootId, batch.rootId, i === 0 ? batch.definition : undefined, snapshot, String(at)));
    } else {
      const type = batch.events[batch.event[i] as number] as string;
      out.push(eventEvent(sessionId, batch.rootId, batch.rootId, type, String(at)), snapshotEvent(sessionId, batch.rootId, type, snapshot, String(at)));
    }
  }
  return out;
}
