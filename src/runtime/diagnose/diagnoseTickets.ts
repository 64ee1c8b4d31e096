/**
 * Where each ticket's time went: waiting on dependencies, ready but held
 * back (and by what), running (per attempt), backing off, interrupted, held.
 */
import { BUSY_TICKET_STATES, FINAL_TICKET_STATES, type TicketState } from '../../machines/ticketMachine.js';
import type { AttemptSummary, ReadyWait, TicketDiagnosis, WaitCause } from './diagnosisTypes.js';
import { explainReadyWait } from './explainReadyWait.js';
import type { RunIndex } from './indexRun.js';

export interface TicketsDiagnosed {
  /** One per ticket that was to run (registry tickets settled before the run are left out). */
  tickets: TicketDiagnosis[];
  /** Per plan index: its ready periods explained, by the period's start. */
  readyWaits: ReadonlyArray<ReadonlyMap<number, ReadyWait>>;
  /** Per plan index: the hard dependency that completed last. */
  lastDependency: ReadonlyArray<number | undefined>;
}

/**
 * Derivations, per ticket, all from its rebuilt timeline:
 * - `dependencyMs`: the run's start to its first readiness (its last hard
 *   dependency's completion), named in `lastDependency`;
 * - `readyMs` and `readyByCause`: every ready period, explained by
 *   `explainReadyWait`; `heldBy` sums the holders over them;
 * - attempts: each hold on an agent (executing through validation and
 *   rollback) with its agent, length and what followed it;
 * - `retries`: attempts followed by a backoff; `backoffMs`, `interruptedMs`,
 *   `heldMs`: time in `retrying`, `interrupted`, `held`;
 * - `ratio`: running time ÷ estimate, for completed tickets with an estimate.
 */
export function diagnoseTickets(index: RunIndex): TicketsDiagnosed {
  const { plan, timelines } = index;
  const readyWaits: Array<Map<number, ReadyWait>> = plan.tickets.map(() => new Map());
  const lastDependency: Array<number | undefined> = plan.tickets.map((t) => {
    let last: number | undefined;
    for (const d of t.dependsOn) {
      const end = timelines[d]?.endedAt;
      if (end === undefined || timelines[d]!.state !== 'completed') continue;
      if (last === undefined || end >= timelines[last]!.endedAt!) last = d;
    }
    return last;
  });
  const tickets: TicketDiagnosis[] = [];
  for (const tl of timelines) {
    if (tl.settled) continue;
    const t = plan.tickets[tl.index]!;
    let dependencyMs = 0;
    let readyMs = 0;
    let backoffMs = 0;
    let interruptedMs = 0;
    let heldMs = 0;
    const readyByCause: Partial<Record<WaitCause, number>> = {};
    const heldBy = new Map<number, number>();
    for (const span of tl.spans) {
      const ms = span.to - span.from;
      if (span.state === 'waiting') dependencyMs += ms;
      else if (span.state === 'retrying') backoffMs += ms;
      else if (span.state === 'interrupted') interruptedMs += ms;
      else if (span.state === 'held') heldMs += ms;
      else if (span.state === 'ready') {
        readyMs += ms;
        const wait = explainReadyWait(index, tl.index, span.from, span.to);
        readyWaits[tl.index]!.set(span.from, wait);
        for (const [cause, causeMs] of Object.entries(wait.byCause) as Array<[WaitCause, number]>) readyByCause[cause] = (readyByCause[cause] ?? 0) + causeMs;
        for (const [holder, holderMs] of wait.blockers) heldBy.set(holder, (heldBy.get(holder) ?? 0) + holderMs);
      }
    }
    const attempts = attemptsOf(index, tl.index);
    const runningMs = attempts.reduce((sum, a) => sum + a.busyMs, 0);
    const dep = lastDependency[tl.index];
    tickets.push({
      id: t.id,
      agent: t.agent,
      state: tl.state,
      dependencyMs,
      lastDependency: dep === undefined ? undefined : plan.tickets[dep]!.id,
      readyMs,
      readyByCause,
      heldBy: [...heldBy].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([i, ms]) => ({ id: plan.tickets[i]!.id, ms })),
      attempts,
      runningMs,
      retries: attempts.filter((a) => a.outcome === 'retrying').length,
      backoffMs,
      interruptedMs,
      heldMs,
      estimateMs: t.estimateMs,
      ratio: tl.state === 'completed' && t.estimateMs !== undefined && t.estimateMs > 0 ? runningMs / t.estimateMs : undefined,
      startedAt: attempts[0]?.startedAt,
      endedAt: tl.endedAt,
    });
  }
  return { tickets, readyWaits, lastDependency };
}

/** The attempts of a ticket, each with the state that followed it. */
function attemptsOf(index: RunIndex, ticket: number): AttemptSummary[] {
  const tl = index.timelines[ticket]!;
  return (index.byTicket[ticket] ?? []).map((iv) => {
    const after = tl.spans.find((s) => s.from >= iv.to && !BUSY_TICKET_STATES.has(s.state));
    const outcome: TicketState = after && after.from === iv.to ? after.state : tl.endedAt === iv.to && FINAL_TICKET_STATES.has(tl.state) ? tl.state : (after?.state ?? tl.state);
    return { attempt: iv.attempt, agentId: iv.agentId, startedAt: iv.from, busyMs: iv.to - iv.from, outcome };
  });
}
