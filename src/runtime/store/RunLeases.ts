/**
 * Run ownership in the store: exactly one engine owns a run at any moment.
 *
 * Taking a run is one `BEGIN IMMEDIATE` transaction (read the lease, decide,
 * write the new holder with the next fence), so of several engines starting
 * at once exactly one wins, whichever path started it (`tpe run`, `tpe resume`,
 * a library caller). The winner's fence goes with every journal write it makes
 * (`RunStore.journal`): an engine whose lease was taken from it appends nothing.
 */
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { processLiveness, type Liveness } from '../recovery/processLiveness.js';
import { processStartTicks } from '../recovery/processStartTicks.js';
import { decideTakeover, LEASE_STALE_MS, type LeaseHolder, type LeaseState, type TakeoverDecision } from './decideTakeover.js';

/** What an engine holds while it owns a run: its proof of ownership for every write. */
export interface RunLease {
  runId: string;
  runKey: number;
  fence: number;
  pid: number;
  host: string;
}

export type TakeRunResult =
  | { ok: true; lease: RunLease; previous: LeaseHolder | undefined; why: Extract<TakeoverDecision, { take: true }>['why'] }
  | { ok: false; holder: LeaseHolder; why: Extract<TakeoverDecision, { take: false }>['why'] };

/** This process, as a lease records its holder. */
export interface LeaseSelf {
  pid: number;
  startTicks: number | undefined;
  host: string;
}

interface LeaseRow {
  fence: number;
  pid: number | null;
  start_ticks: number | null;
  host: string | null;
  acquired_at: number;
  renewed_at: number;
}

export interface RunLeaseOptions {
  self?: LeaseSelf;
  liveness?: (pid: number, startTicks: number | undefined) => Liveness;
  staleAfterMs?: number;
}

export class RunLeases {
  private readonly self: LeaseSelf;
  private readonly liveness: (pid: number, startTicks: number | undefined) => Liveness;
  private readonly staleAfterMs: number;
  private readonly read: Database.Statement<[number], LeaseRow>;
  private readonly write: Database.Statement;
  private readonly renewStmt: Database.Statement;
  private readonly releaseStmt: Database.Statement;
  private readonly holdsStmt: Database.Statement<[number, number, number], number>;
  private readonly takeTx: (runKey: number, runId: string, now: number) => TakeRunResult;

  constructor(db: Database.Database, options: RunLeaseOptions = {}) {
    this.self = options.self ?? { pid: process.pid, startTicks: processStartTicks(process.pid), host: hostname() };
    this.liveness = options.liveness ?? processLiveness;
    this.staleAfterMs = options.staleAfterMs ?? LEASE_STALE_MS;
    this.read = db.prepare('SELECT fence, pid, start_ticks, host, acquired_at, renewed_at FROM leases WHERE run_key = ?');
    this.write = db.prepare(
      `INSERT INTO leases (run_key, fence, pid, start_ticks, host, acquired_at, renewed_at) VALUES (@runKey, @fence, @pid, @startTicks, @host, @now, @now)
       ON CONFLICT (run_key) DO UPDATE SET fence = excluded.fence, pid = excluded.pid, start_ticks = excluded.start_ticks,
         host = excluded.host, acquired_at = excluded.acquired_at, renewed_at = excluded.renewed_at`,
    );
    this.renewStmt = db.prepare('UPDATE leases SET renewed_at = ? WHERE run_key = ? AND fence = ? AND pid = ?');
    this.releaseStmt = db.prepare('UPDATE leases SET pid = NULL, start_ticks = NULL WHERE run_key = ? AND fence = ? AND pid = ?');
    this.holdsStmt = db.prepare<[number, number, number], number>('SELECT 1 FROM leases WHERE run_key = ? AND fence = ? AND pid = ?').pluck();
    const take = db.transaction((runKey: number, runId: string, now: number): TakeRunResult => {
      const state = this.stateOf(runKey);
      const decision = decideTakeover(state, { host: this.self.host, now, staleAfterMs: this.staleAfterMs, liveness: this.liveness });
      if (!decision.take) return { ok: false, holder: decision.holder, why: decision.why };
      const lease = this.grant(runKey, runId, state.fence + 1, now);
      return { ok: true, lease, previous: state.holder, why: decision.why };
    });
    // IMMEDIATE: the write lock is taken before the lease is read, so two takers cannot
    // both read "free" (a deferred transaction would let both read, then one fail to write).
    this.takeTx = (runKey, runId, now) => take.immediate(runKey, runId, now);
  }

  /** The lease of a run as stored (fence 0 and no holder: never taken). */
  stateOf(runKey: number): LeaseState {
    const row = this.read.get(runKey);
    if (!row) return { fence: 0, holder: undefined };
    const holder: LeaseHolder | undefined =
      row.pid === null ? undefined : { pid: row.pid, startTicks: row.start_ticks ?? undefined, host: row.host ?? '', acquiredAt: row.acquired_at, renewedAt: row.renewed_at };
    return { fence: row.fence, holder };
  }

  /** The first lease of a new run (call inside the transaction that records the run). */
  create(runKey: number, runId: string, now: number): RunLease {
    return this.grant(runKey, runId, 1, now);
  }

  /** Takes the run if nobody holds it or its holder is provably dead; else says who holds it. */
  take(runKey: number, runId: string, now: number): TakeRunResult {
    return this.takeTx(runKey, runId, now);
  }

  /** Tells the store the holder is alive; false when the lease is no longer ours. */
  renew(lease: RunLease, now: number): boolean {
    return this.renewStmt.run(now, lease.runKey, lease.fence, lease.pid).changes === 1;
  }

  /** Gives the run up (at its end); a lease already taken by another stays theirs. */
  release(lease: RunLease): void {
    this.releaseStmt.run(lease.runKey, lease.fence, lease.pid);
  }

  /** Whether `lease` still owns its run (checked inside every journal transaction). */
  holds(lease: RunLease): boolean {
    return this.holdsStmt.get(lease.runKey, lease.fence, lease.pid) !== undefined;
  }

  private grant(runKey: number, runId: string, fence: number, now: number): RunLease {
    this.write.run({ runKey, fence, pid: this.self.pid, startTicks: this.self.startTicks ?? null, host: this.self.host, now });
    return { runId, runKey, fence, pid: this.self.pid, host: this.self.host };
  }
}
