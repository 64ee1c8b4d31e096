/**
 * When each agent was busy, and with what: the executing, validating and
 * rolling-back spans of every attempt, one interval per attempt.
 */
import { BUSY_TICKET_STATES } from '../../machines/ticketMachine.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { BusyInterval, TicketTimeline } from './diagnosisTypes.js';

/**
 * Consecutive busy spans of one attempt on one agent make one interval (an
 * attempt holds its agent from its start through validation and rollback).
 * An agent's type is its ticket's: a slot only ever runs tickets of its type.
 * Intervals come sorted by start, then ticket.
 *
 * Limit: an interrupted attempt's agent may stay busy a moment longer while
 * its process group is killed; the journal has no record of that moment.
 */
export function busyIntervals(plan: CompiledPlan, timelines: readonly TicketTimeline[]): BusyInterval[] {
  const out: BusyInterval[] = [];
  for (const tl of timelines) {
    let open: BusyInterval | undefined;
    for (const span of tl.spans) {
      if (!BUSY_TICKET_STATES.has(span.state)) {
        open = undefined;
        continue;
      }
      if (open && open.attempt === span.attempt && open.to === span.from) {
        open.to = span.to;
        continue;
      }
      open = {
        agentId: span.agentId ?? `?${plan.tickets[tl.index]!.agent}`,
        agentType: plan.tickets[tl.index]!.agent,
        ticket: tl.index,
        attempt: span.attempt,
        from: span.from,
        to: span.to,
      };
      out.push(open);
    }
  }
  return out.sort((a, b) => a.from - b.from || a.ticket - b.ticket);
}
