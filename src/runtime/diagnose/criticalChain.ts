/**
 * The run's actual critical chain: what the end of the run waited for,
 * followed back to its start.
 */
import { BUSY_TICKET_STATES, FINAL_TICKET_STATES } from '../../machines/ticketMachine.js';
import type { ChainSegment, CriticalChain, LastBlock, ReadyWait, StateSpan } from './diagnosisTypes.js';
import { dominantCause } from './explainReadyWait.js';
import type { RunIndex } from './indexRun.js';

export interface ChainInputs {
  index: RunIndex;
  readyWaits: ReadonlyArray<ReadonlyMap<number, ReadyWait>>;
  lastDependency: ReadonlyArray<number | undefined>;
  /** Critical-path ranks (`PlanAnalysis.remainingMs`): which running ticket of a live run leads to its end. */
  remainingMs?: Float64Array;
}

/**
 * Starts from the ticket that ended last (for a run that has not ended, the
 * running ticket with the longest estimated path still ahead of it) and
 * walks back in time through its timeline: its running, backoff, held and
 * interrupted time count against it; at a ready period it follows what held
 * it last (`ReadyWait.last`: the ticket whose end released the resource, the
 * conflict, the isolation or the agent it then took) and continues from that
 * ticket at that moment; at its wait for dependencies it follows the hard
 * dependency that completed last. The walk ends at the run's start. Every
 * moment of the chain is thus charged to one ticket: the chain's length is
 * the span from the run's start to the end ticket's end, and a ticket's
 * share is how much of it its running and its waits took.
 *
 * Limits: those of the wait explanations (see `explainReadyWait`), and a
 * crash's downtime, which counts as running time of what was running.
 */
export function criticalChain(inputs: ChainInputs): CriticalChain {
  const { index, readyWaits, lastDependency } = inputs;
  const { plan, timelines } = index;
  const id = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  const end = pickEnd(inputs);
  if (end === undefined) return { end: undefined, segments: [], tickets: [], totalMs: 0 };

  const back: ChainSegment[] = [];
  const push = (ticket: number, what: string, from: number, to: number, on?: string) => {
    const prev = back[back.length - 1];
    // Adjacent pieces of one ticket doing one thing are one segment (the walk goes backwards).
    if (prev && prev.ticket === id(ticket) && prev.what === what && prev.from === to && prev.on === on) prev.from = from;
    else back.push(on === undefined ? { ticket: id(ticket), what, from, to } : { ticket: id(ticket), what, from, to, on });
  };

  let ticket: number | undefined = end.ticket;
  let t = end.at;
  let guard = 2 * index.intervals.length + 4 * timelines.length + 16;
  walk: while (ticket !== undefined && guard-- > 0) {
    const spans: readonly StateSpan[] = timelines[ticket]!.spans;
    let k = spans.length - 1;
    while (k >= 0 && spans[k]!.from >= t) k--;
    for (; k >= 0; k--) {
      const span: StateSpan = spans[k]!;
      const to = Math.min(span.to, t);
      if (span.state === 'ready') {
        const wait: ReadyWait | undefined = readyWaits[ticket]?.get(span.from);
        const last: LastBlock | undefined = wait?.last;
        if (last && last.blocker !== undefined && last.until > span.from && last.until <= to) {
          if (to > last.until) push(ticket, `wait:${last.tail}`, last.until, to);
          push(ticket, `wait:${last.cause}`, last.until, last.until, describeBlock(last, id(last.blocker), plan.tickets[ticket]!.agent));
          ticket = last.blocker;
          t = last.until;
          continue walk;
        }
        push(ticket, `wait:${wait ? dominantCause(wait.byCause) : 'dispatch'}`, span.from, to);
      } else if (span.state === 'waiting') {
        const dep: number | undefined = lastDependency[ticket];
        const depEnd = dep === undefined ? undefined : timelines[dep]!.endedAt;
        if (dep !== undefined && depEnd !== undefined && depEnd > span.from && depEnd <= to) {
          if (to > depEnd) push(ticket, 'wait:dependency', depEnd, to, `depends on ${id(dep)}`);
          push(ticket, 'wait:dependency', depEnd, depEnd, `depends on ${id(dep)}`);
          ticket = dep;
          t = depEnd;
          continue walk;
        }
        push(ticket, 'start', span.from, to);
      } else {
        push(ticket, BUSY_TICKET_STATES.has(span.state) ? 'running' : span.state === 'retrying' ? 'backoff' : span.state, span.from, to);
      }
      t = span.from;
    }
    break;
  }

  const segments = back.reverse();
  const totals = new Map<string, { ms: number; runningMs: number }>();
  for (const s of segments) {
    const entry = totals.get(s.ticket) ?? { ms: 0, runningMs: 0 };
    entry.ms += s.to - s.from;
    if (s.what === 'running') entry.runningMs += s.to - s.from;
    totals.set(s.ticket, entry);
  }
  const totalMs = Math.max(0, end.at - (segments[0]?.from ?? end.at));
  const tickets = [...totals]
    .map(([tid, e]) => ({ id: tid, ms: e.ms, runningMs: e.runningMs, waitMs: e.ms - e.runningMs, share: totalMs > 0 ? e.ms / totalMs : 0 }))
    .sort((a, b) => b.ms - a.ms);
  return { end: id(end.ticket), segments, tickets, totalMs };
}

/** The last ticket to finish, or for a run not ended the running ticket leading to its end. */
function pickEnd({ index, remainingMs }: ChainInputs): { ticket: number; at: number } | undefined {
  let best: { ticket: number; at: number; busy: boolean; rank: number } | undefined;
  for (const tl of index.timelines) {
    if (tl.settled) continue;
    const last = tl.spans[tl.spans.length - 1];
    const busy = !FINAL_TICKET_STATES.has(tl.state) && last !== undefined && BUSY_TICKET_STATES.has(last.state);
    const at = FINAL_TICKET_STATES.has(tl.state) ? tl.endedAt : busy ? last!.to : undefined;
    // Only tickets that ran: a ticket blocked by a failure ends when it did, having waited on nothing that ran.
    if (at === undefined || (index.byTicket[tl.index]?.length ?? 0) === 0) continue;
    const rank = remainingMs?.[tl.index] ?? 0;
    if (!best || at > best.at || (at === best.at && ((busy && !best.busy) || (busy === best.busy && rank > best.rank)))) best = { ticket: tl.index, at, busy, rank };
  }
  return best && { ticket: best.ticket, at: best.at };
}

/** What a ticket waited on last, in words. */
export function describeBlock(last: LastBlock, blocker: string, agentType: string): string {
  switch (last.cause) {
    case 'resource':
      return `${last.resource ?? 'resource'} held by ${blocker}`;
    case 'conflict':
      return `conflicts with ${blocker}`;
    case 'isolation':
      return `isolation: ${blocker}`;
    case 'agent':
      return `no idle ${agentType} agent (freed by ${blocker})`;
    case 'concurrency':
      return `one ticket at a time (${blocker})`;
    default:
      return blocker;
  }
}
