/**
 * Turns what the journal last saw into what a resumed run starts from, after
 * a crash or a stop.
 *
 * The journal lags the processes by at most one batch: a ticket's process may
 * have started (its record is durable at once) or even finished (its wrapper
 * wrote the exit file) while the journal still says `ready`. So a ticket
 * counts as having been running when the journal says so, or when a process
 * or an exit file exists for a later attempt than the journal knows.
 * For such a ticket:
 * - if the attempt's wrapper left an exit code, the work ran to its end while
 *   nobody watched: its outcome is adopted (reported by the next attempt
 *   without running the work again; validation gates run again);
 * - otherwise the attempt was cut short: a new attempt runs.
 * Either way the ticket is `interrupted`, which a resumed run re-queues.
 * A ticket the journal says was interrupted (by a stop or a pause) whose last
 * attempt still left an exit code had finished its work in that very moment:
 * that outcome is adopted too.
 */
import { BUSY_TICKET_STATES, FINAL_TICKET_STATES, type TicketContext } from '../../machines/ticketMachine.js';
import type { RestoredTicket } from '../runJournal.js';

export interface RecordedProcess {
  ticket: number;
  attempt: number;
  phase: 'work' | 'gate' | 'rollback';
}

export interface RecoveredTickets {
  restore: Array<RestoredTicket | undefined>;
  /** Tickets whose unwatched attempt's outcome was adopted. */
  adopted: number[];
  /** Tickets whose attempt was cut short and will run again. */
  requeued: number[];
}

export interface RecoveryInputs {
  last: ReadonlyArray<RestoredTicket | undefined>;
  processes: readonly RecordedProcess[];
  /**
   * The exit code a ticket's work attempt left (its exit file: see `exitFileFor`), or
   * undefined when it left none that is whole and names exactly this ticket and attempt.
   */
  exitCode: (ticket: number, attempt: number) => number | undefined;
  /** The context of a ticket the journal never saw (ready, about to run). */
  initialContext: (ticket: number) => TicketContext;
}

/** How far past the journal's attempt to look for exit files: one unjournaled start, plus a margin. */
const LOOK_AHEAD = 2;

export function recoverTickets({ last, processes, exitCode: exitCodeOf, initialContext }: RecoveryInputs): RecoveredTickets {
  const lastWorkAttempt = new Map<number, number>();
  for (const p of processes) if (p.phase === 'work') lastWorkAttempt.set(p.ticket, Math.max(lastWorkAttempt.get(p.ticket) ?? 0, p.attempt));
  const out: RecoveredTickets = { restore: [...last], adopted: [], requeued: [] };
  for (let i = 0; i < last.length; i++) {
    const t = last[i];
    if (t && FINAL_TICKET_STATES.has(t.state)) continue;
    const journaled = t?.attempt ?? 0;
    const recorded = lastWorkAttempt.get(i) ?? 0;
    // The latest attempt that left an exit code, if any.
    let exitAttempt = 0;
    let exitCode: number | undefined;
    for (let a = Math.max(journaled, recorded) + LOOK_AHEAD; a >= Math.max(1, journaled); a--) {
      const code = exitCodeOf(i, a);
      if (code !== undefined) {
        exitAttempt = a;
        exitCode = code;
        break;
      }
    }
    const wasRunning = (t !== undefined && BUSY_TICKET_STATES.has(t.state)) || recorded > journaled || exitAttempt > journaled;
    // Interrupted by a stop or a pause just as its work ended: the exit file tells.
    const interruptedButDone = t?.state === 'interrupted' && exitAttempt === journaled && exitAttempt > 0;
    if (!wasRunning && !interruptedButDone) continue;
    const attempt = Math.max(journaled, recorded, exitAttempt);
    // An exit file for an older attempt than the one that ran last says nothing about the last one.
    const lastExit = exitAttempt === attempt ? exitCode : undefined;
    let adopted: RestoredTicket['adopted'];
    if (t?.state === 'validating' && attempt === journaled) adopted = { ok: true, exitCode: 0 }; // the work had succeeded; its gates run again
    else if (t?.state === 'rollingBack' && attempt === journaled) adopted = { ok: false, exitCode: lastExit && lastExit !== 0 ? lastExit : 1 };
    else if (lastExit !== undefined) adopted = { ok: lastExit === 0, exitCode: lastExit };
    out.restore[i] = {
      state: 'interrupted',
      context: t?.context ?? initialContext(i),
      attempt,
      agentId: t?.agentId,
      ...(adopted ? { adopted } : {}),
    };
    (adopted ? out.adopted : out.requeued).push(i);
  }
  return out;
}
