/**
 * A run as the store recorded it, as the plain data `diagnoseRun` and the
 * run report read (`RecordedRun`), and what the store knows of each ticket's
 * end beyond its transitions: the last error, why it was blocked or
 * cancelled, the rollback, the log file of its last attempt.
 */
import { UsageError } from '../../errors.js';
import type { TicketFailure } from '../../machines/ticketMachine.js';
import type { RecordedRun } from '../diagnose/diagnosisTypes.js';
import type { RunRecord, RunStore } from './RunStore.js';

/** What the store knows of how a ticket ended, beyond its journal rows. */
export interface TicketRecordDetails {
  /** The last failure of an attempt (also of an attempt that was retried and passed later). */
  error: TicketFailure | undefined;
  /** The dependency whose failure blocked it, or why it was cancelled. */
  reason: string | undefined;
  rollback: 'ok' | 'failed' | undefined;
  /** The log file of its last attempt that started a process. */
  logFile: string | undefined;
}

/** A stored status, corrected for a run whose engine is gone without saying so: `crashed`. */
export function effectiveRunStatus(run: RunRecord, live: boolean): string {
  const ended = run.status === 'completed' || run.status === 'failed' || run.status === 'stopped';
  return ended || live ? run.status : 'crashed';
}

/**
 * A run as the store has it. A live run is read as of `now` (its journal lags
 * by at most one batch); a run that died without ending is read up to its
 * last journaled transition, so its last running tickets do not seem to run
 * until now.
 *
 * @throws UsageError when the run has no recorded plan
 */
export function recordedRunFromStore(store: RunStore, run: RunRecord, options: { live: boolean; now: number }): RecordedRun {
  const plan = store.planOf(run.id);
  if (!plan) throw new UsageError(`run ${run.id} has no recorded plan`);
  const journal = store.journalRows(run.id);
  const status = effectiveRunStatus(run, options.live);
  const startedAt = run.startedAt ?? run.createdAt;
  let now = options.now;
  if (status === 'crashed') now = journal.reduce((last, r) => Math.max(last, r.at), startedAt);
  return { runId: run.id, status, plan, startedAt, endedAt: run.endedAt, now, live: options.live, journal, waits: store.waitRows(run.id) };
}

/** Per plan index: the ticket's last error, reason, rollback and log file (undefined: nothing recorded). */
export function ticketDetailsFromStore(store: RunStore, runId: string, tickets: number): Array<TicketRecordDetails | undefined> {
  const last = store.lastStates(runId, tickets);
  // The log of the latest attempt; its work's log before a gate's or a rollback's (they append to it).
  const logs: Array<{ attempt: number; work: boolean; file: string } | undefined> = new Array(tickets);
  for (const p of store.processes(runId)) {
    if (p.logFile === undefined || p.ticket < 0 || p.ticket >= tickets) continue;
    const seen = logs[p.ticket];
    const work = p.phase === 'work';
    if (!seen || p.attempt > seen.attempt || (p.attempt === seen.attempt && work && !seen.work)) logs[p.ticket] = { attempt: p.attempt, work, file: p.logFile };
  }
  const out: Array<TicketRecordDetails | undefined> = new Array(tickets);
  for (let i = 0; i < tickets; i++) {
    const ctx = last[i]?.context;
    const logFile = logs[i]?.file;
    if (!ctx && logFile === undefined) continue;
    out[i] = { error: ctx?.lastError, reason: ctx?.reason, rollback: ctx?.rollback, logFile };
  }
  return out;
}
