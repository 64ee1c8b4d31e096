/**
 * Every ticket's life rebuilt from the journal: contiguous state spans from
 * the run's start to its final state (or to the end of the observed window).
 */
import { FINAL_TICKET_STATES, type TicketState } from '../../machines/ticketMachine.js';
import { registryOutcome } from '../../plan/registryOutcome.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { JournalRow, StateSpan, TicketTimeline } from './diagnosisTypes.js';

/**
 * Replays the journal rows of each ticket, oldest first.
 *
 * What the journal does not say is worked out:
 * - a ticket's first `waiting → ready` is never journaled: it happened when
 *   its last hard dependency completed (the run's start for a ticket without
 *   one), so the first row leaving `ready` is preceded by that transition;
 * - a ticket whose dependencies all completed but that has no row at all
 *   became ready then and was still ready at the end of the window (a stopped
 *   or live run);
 * - registry tickets already done before the run are settled at its start.
 *
 * Limits: when a row's `from` is not the state the journal last recorded (a
 * crash: the restore that followed is not journaled), the last recorded state
 * is taken to have lasted until that row, so a crash's downtime counts as
 * time in that state (usually `executing`). Tickets added to a live run are
 * taken to exist from the run's start (their creation is not recorded).
 *
 * @param windowEnd the run's end, or now for a run that has not ended
 */
export function buildTimelines(plan: CompiledPlan, rows: readonly JournalRow[], startedAt: number, windowEnd: number): TicketTimeline[] {
  const n = plan.tickets.length;
  const byTicket: JournalRow[][] = Array.from({ length: n }, () => []);
  for (const r of rows) if (r.ticket >= 0 && r.ticket < n) byTicket[r.ticket]!.push(r);

  // Completion times first: a ticket's readiness is its dependencies' last completion.
  const completedAt = new Float64Array(n).fill(Number.NaN);
  plan.tickets.forEach((t, i) => {
    if (registryOutcome(t.registryStatus) === 'completed') completedAt[i] = startedAt;
    for (const r of byTicket[i]!) if (r.to === 'completed') completedAt[i] = r.at;
  });
  /** When every hard dependency of `i` had completed, or undefined if one never did. */
  const depsDoneAt = (i: number): number | undefined => {
    let at = startedAt;
    for (const d of plan.tickets[i]!.dependsOn) {
      const c = completedAt[d];
      if (c === undefined || Number.isNaN(c)) return undefined;
      at = Math.max(at, c);
    }
    return at;
  };

  return plan.tickets.map((t, i): TicketTimeline => {
    const settled = registryOutcome(t.registryStatus);
    if (settled) return { index: i, spans: [], state: settled, endedAt: startedAt, readyAt: undefined, settled: true };
    const spans: StateSpan[] = [];
    let cur: StateSpan = { state: 'waiting', from: startedAt, to: startedAt, attempt: 0, agentId: undefined };
    let readyAt: number | undefined;
    let endedAt: number | undefined;
    const close = (at: number) => {
      cur.to = Math.max(cur.from, at);
      if (cur.to > cur.from) spans.push(cur);
    };
    const becomeReady = (at: number) => {
      close(at);
      readyAt ??= cur.to;
      cur = { state: 'ready', from: cur.to, to: cur.to, attempt: cur.attempt, agentId: cur.agentId };
    };
    for (const r of byTicket[i]!) {
      if (cur.state === 'waiting' && r.from === 'ready') becomeReady(Math.min(r.at, depsDoneAt(i) ?? r.at));
      close(r.at);
      if (r.to === 'ready') readyAt ??= r.at;
      cur = { state: r.to, from: Math.max(cur.to, r.at), to: r.at, attempt: r.attempt, agentId: r.agentId };
      if (FINAL_TICKET_STATES.has(r.to)) {
        endedAt = cur.from;
        break;
      }
    }
    if (endedAt === undefined) {
      const ready = cur.state === 'waiting' ? depsDoneAt(i) : undefined;
      if (ready !== undefined && ready < windowEnd) becomeReady(ready);
      close(windowEnd);
    }
    const state: TicketState = cur.state;
    return { index: i, spans, state, endedAt, readyAt, settled: false };
  });
}
