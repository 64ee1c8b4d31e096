/**
 * Journals written by hand for the pure diagnosis functions: a ticket's
 * attempts as `[start, end]` on an agent, with what followed, become the
 * rows the coordinator would have journaled (its first `waiting → ready`
 * left out, as the coordinator does).
 */
import type { TicketState } from '../../../src/machines/ticketMachine.js';
import type { CompiledPlan } from '../../../src/plan/types.js';
import type { JournalRow, RecordedRun, WaitRow } from '../../../src/runtime/diagnose/index.js';

export interface AttemptSpec {
  agent: string;
  start: number;
  end: number;
  /** What the attempt ended in. @default 'completed' */
  then?: Extract<TicketState, 'completed' | 'retrying' | 'failed' | 'interrupted' | 'cancelled'>;
  /** For `retrying`: when the backoff ended; for `interrupted`: when it was re-queued. */
  until?: number;
  /** Time spent validating at the end of the attempt (part of [start, end]). */
  validatingMs?: number;
}

/** Rows for tickets by id: each a list of attempts, oldest first. */
export function journalOf(plan: CompiledPlan, attempts: Record<string, AttemptSpec[]>): JournalRow[] {
  const rows: JournalRow[] = [];
  for (const [id, list] of Object.entries(attempts)) {
    const ticket = plan.tickets.findIndex((t) => t.id === id);
    if (ticket < 0) throw new Error(`journalOf: unknown ticket ${id}`);
    list.forEach((a, k) => {
      const attempt = k + 1;
      const row = (at: number, from: TicketState, to: TicketState) => rows.push({ at, ticket, from, to, attempt, agentId: a.agent });
      row(a.start, 'ready', 'executing');
      let busy: TicketState = 'executing';
      if (a.validatingMs) {
        row(a.end - a.validatingMs, 'executing', 'validating');
        busy = 'validating';
      }
      const then = a.then ?? 'completed';
      row(a.end, busy, then);
      if ((then === 'retrying' || then === 'interrupted') && a.until !== undefined) row(a.until, then, 'ready');
    });
  }
  return rows.sort((x, y) => x.at - y.at);
}

/** A finished run over `[0, end]` with these rows. */
export function recorded(plan: CompiledPlan, journal: JournalRow[], waits: WaitRow[] = [], end?: number): RecordedRun {
  const last = journal.reduce((m, r) => Math.max(m, r.at), 0);
  return { runId: 'exec_test', status: 'completed', plan, startedAt: 0, endedAt: end ?? last, now: end ?? last, live: false, journal, waits };
}
