/**
 * The run store: runs, their journal of ticket transitions, the processes
 * they started, on SQLite through better-sqlite3 (12.x: 13 needs Node 22).
 *
 * Durability: WAL with `synchronous = NORMAL`: a committed transaction
 * survives the engine being killed at any moment (the WAL is in the kernel's
 * hands once written); only a power loss may take the last commits with it.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { RunOwnedError, UsageError } from '../../errors.js';
import type { TicketContext, TicketState } from '../../machines/ticketMachine.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { ProcessRecord, RestoredTicket, RunJournal, TransitionRecord, WaitRecord } from '../runJournal.js';
import type { LeaseHolder } from './decideTakeover.js';
import { describeHolder } from './describeHolder.js';
import { RunLeases, type RunLease, type RunLeaseOptions, type TakeRunResult } from './RunLeases.js';
import { SCHEMA, SCHEMA_VERSION, UPGRADABLE_FROM } from './schema.js';
import { secureWorkspace, workspaceDir } from './secureWorkspace.js';

export type StoredRunStatus = 'running' | 'pausing' | 'paused' | 'stopping' | 'stopped' | 'completed' | 'failed';

export interface RunOptionsRecord {
  strategy: string;
  agents?: Record<string, number>;
  failFast?: boolean;
  syncRegistry?: boolean;
  moveFiles?: boolean;
}

export interface RunRecord {
  id: string;
  planName: string;
  planFile: string;
  planHash: string;
  options: RunOptionsRecord;
  status: StoredRunStatus;
  tickets: number;
  runDir: string;
  socket: string | undefined;
  pid: number | undefined;
  host: string | undefined;
  createdAt: number;
  startedAt: number | undefined;
  endedAt: number | undefined;
}

export interface StoredProcess extends ProcessRecord {
  runId: string;
}

interface RunRow {
  id: string;
  plan_name: string;
  plan_file: string;
  plan_hash: string;
  options: string;
  status: StoredRunStatus;
  tickets: number;
  run_dir: string;
  socket: string | null;
  pid: number | null;
  host: string | null;
  created_at: number;
  started_at: number | null;
  ended_at: number | null;
}

const toRecord = (r: RunRow): RunRecord => ({
  id: r.id,
  planName: r.plan_name,
  planFile: r.plan_file,
  planHash: r.plan_hash,
  options: JSON.parse(r.options) as RunOptionsRecord,
  status: r.status,
  tickets: r.tickets,
  runDir: r.run_dir,
  socket: r.socket ?? undefined,
  pid: r.pid ?? undefined,
  host: r.host ?? undefined,
  createdAt: r.created_at,
  startedAt: r.started_at ?? undefined,
  endedAt: r.ended_at ?? undefined,
});

/** Where a workspace keeps its store. */
export function storePath(workspace: string): string {
  return join(workspaceDir(workspace), 'tpe.db');
}

export interface OpenStoreOptions {
  /** Told, one line each, about every store path whose mode was tightened to its user only. */
  onNotice?: (message: string) => void;
  /** Who this process is and how to tell whether a lease holder lives (tests). */
  lease?: RunLeaseOptions;
}

/** A journal that carries its owner's fence: nothing is written once the run was taken from it. */
export interface FencedJournalOptions {
  /** The lease that owns the run (a function: a new run's engine, and so its journal, is made before the run is recorded). */
  lease: () => RunLease;
  /** Called once, when a write finds that another engine now owns the run. */
  onLost: (holder: LeaseHolder | undefined) => void;
}

export class RunStore {
  readonly path: string;
  private readonly db: Database.Database;
  private readonly leases: RunLeases;

  private constructor(path: string, options: OpenStoreOptions) {
    this.path = path;
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    // Checkpoints (WAL back into the database, with an fsync) cost milliseconds: not in the
    // middle of a run every 4 MB, but every 64 MB, and when the store is closed.
    this.db.pragma('wal_autocheckpoint = 16384');
    // Two engines and a `tpe status` may share the file: wait for a lock rather than fail.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    const version = this.db.prepare("SELECT value FROM meta WHERE key = 'schema'").get() as { value: string } | undefined;
    if (!version) this.db.prepare("INSERT INTO meta (key, value) VALUES ('schema', ?)").run(String(SCHEMA_VERSION));
    else if (UPGRADABLE_FROM.has(Number(version.value))) {
      // The newer tables were made by SCHEMA above; runs of the older schema have no lease (free).
      this.db.prepare("UPDATE meta SET value = ? WHERE key = 'schema'").run(String(SCHEMA_VERSION));
    } else if (Number(version.value) !== SCHEMA_VERSION) {
      throw new Error(`${path} holds runs of store schema ${version.value}; this tpe reads schema ${SCHEMA_VERSION} (move .tpe/ aside to start afresh)`);
    }
    this.leases = new RunLeases(this.db, options.lease);
  }

  /** Opens (creating if needed) the store of a workspace, readable by its user only. */
  static open(workspace: string, options: OpenStoreOptions = {}): RunStore {
    const path = storePath(workspace);
    const notices = secureWorkspace(workspace, path);
    for (const notice of notices) options.onNotice?.(notice);
    return new RunStore(path, options);
  }

  close(): void {
    this.db.close();
  }

  /**
   * Records a new run, owned by this process from the start; `planJson` is the compiled
   * plan as JSON (stringified once by the caller, who also hashes it).
   */
  createRun(run: Omit<RunRecord, 'createdAt' | 'host' | 'endedAt'>, planJson: string, now: number): RunLease {
    return this.db.transaction(() => this.insertRun(run, planJson, now)).immediate();
  }

  private insertRun(run: Omit<RunRecord, 'createdAt' | 'host' | 'endedAt'>, planJson: string, now: number): RunLease {
    if (this.db.prepare('SELECT 1 FROM runs WHERE id = ?').get(run.id) !== undefined) {
      throw new UsageError(`run ${run.id} already exists in this workspace: \`tpe resume ${run.id}\` continues it`);
    }
    const { lastInsertRowid: key } = this.db
      .prepare(
        `INSERT INTO runs (id, plan_name, plan_file, plan_hash, options, status, tickets, run_dir, socket, pid, host, created_at, started_at)
         VALUES (@id, @planName, @planFile, @planHash, @options, @status, @tickets, @runDir, @socket, @pid, @host, @now, @startedAt)`,
      )
      .run({
        ...run,
        options: JSON.stringify(run.options),
        socket: run.socket ?? null,
        pid: run.pid ?? null,
        host: hostname(),
        now,
        startedAt: run.startedAt ?? null,
      });
    this.db.prepare('INSERT INTO plans (run_key, json) VALUES (?, ?)').run(key, planJson);
    this.event(run.id, now, 'started');
    return this.leases.create(Number(key), run.id, now);
  }

  /**
   * Takes ownership of a recorded run (to resume it): granted when nobody holds it or its
   * holder is provably dead, refused with the holder otherwise.
   */
  takeRun(runId: string, now: number): TakeRunResult {
    return this.leases.take(this.keyOf(runId), runId, now);
  }

  /** Like `takeRun`, but a refusal is a `RunOwnedError` naming the holder. */
  takeRunOrThrow(runId: string, now: number): RunLease {
    const taken = this.takeRun(runId, now);
    if (taken.ok) return taken.lease;
    throw new RunOwnedError(runId, taken.holder, describeHolder(runId, taken.holder, now, 'refused'));
  }

  /** Who holds a run now (undefined: nobody; it ended, or its engine released it). */
  holderOf(runId: string): LeaseHolder | undefined {
    return this.leases.stateOf(this.keyOf(runId)).holder;
  }

  /** Renews a lease; false when the run was taken from it. */
  renewLease(lease: RunLease, now: number): boolean {
    return this.leases.renew(lease, now);
  }

  releaseLease(lease: RunLease): void {
    this.leases.release(lease);
  }

  /**
   * Updates the run's status and, when given, its process and socket (a resumed run has new
   * ones). With a lease, only while it still owns the run: false when it does not.
   */
  setStatus(runId: string, status: StoredRunStatus, fields: { pid?: number | null; socket?: string | null; endedAt?: number | null } = {}, lease?: RunLease): boolean {
    const sets = ['status = @status'];
    if ('pid' in fields) sets.push('pid = @pid');
    if ('socket' in fields) sets.push('socket = @socket');
    if ('endedAt' in fields) sets.push('ended_at = @endedAt');
    const fenced = lease ? ' AND EXISTS (SELECT 1 FROM leases l WHERE l.run_key = runs.key AND l.fence = @fence AND l.pid = @leasePid)' : '';
    const params = { runId, status, pid: null, socket: null, endedAt: null, ...fields, ...(lease ? { fence: lease.fence, leasePid: lease.pid } : {}) };
    return this.db.prepare(`UPDATE runs SET ${sets.join(', ')} WHERE id = @runId${fenced}`).run(params).changes === 1;
  }

  event(runId: string, at: number, kind: string, detail?: unknown): void {
    this.db.prepare('INSERT INTO run_events (run_id, at, kind, detail) VALUES (?, ?, ?, ?)').run(runId, at, kind, detail === undefined ? null : JSON.stringify(detail));
  }

  getRun(runId: string): RunRecord | undefined {
    const row = this.db.prepare('SELECT * FROM runs WHERE id = ?').get(runId) as RunRow | undefined;
    return row ? toRecord(row) : undefined;
  }

  /** Runs, newest first. */
  listRuns(limit = 50): RunRecord[] {
    return (this.db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT ?').all(limit) as RunRow[]).map(toRecord);
  }

  latestRun(): RunRecord | undefined {
    return this.listRuns(1)[0];
  }

  /** The compiled plan the run started with. */
  planOf(runId: string): CompiledPlan | undefined {
    const json = this.db.prepare('SELECT p.json FROM plans p JOIN runs r ON r.key = p.run_key WHERE r.id = ?').pluck().get(runId) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as CompiledPlan);
  }

  /** Replaces the recorded plan (tickets added to a live run: same indices, more tickets). */
  replacePlan(runId: string, planJson: string): void {
    this.db.prepare('UPDATE plans SET json = ? WHERE run_key = ?').run(planJson, this.keyOf(runId));
    this.db.prepare('UPDATE runs SET tickets = ? WHERE id = ?').run((JSON.parse(planJson) as CompiledPlan).tickets.length, runId);
  }

  /** The integer the journal knows a run by. */
  private keyOf(runId: string): number {
    const key = this.db.prepare('SELECT key FROM runs WHERE id = ?').pluck().get(runId) as number | undefined;
    if (key === undefined) throw new Error(`no run ${runId} in ${this.path}`);
    return key;
  }

  /**
   * A journal for one run: transitions buffered until `commit`, processes durable at once.
   * With `fenced`, every write first checks that its lease still owns the run; once it does
   * not, nothing more is written (the rows are dropped: the run's new owner decides) and
   * `onLost` is told.
   */
  journal(runId: string, fenced?: FencedJournalOptions): RunJournal {
    // Resolved at the first commit: an engine is made (with its journal) before the run is recorded.
    let runKey: number | undefined;
    /** The run's last journal row so far (a resumed run continues its sequence). */
    let seq = 0;
    const insert = this.db.prepare('INSERT INTO journal (run_key, seq, at, ticket, from_state, to_state, attempt, agent_id, context) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    const lastSeq = this.db.prepare('SELECT max(seq) FROM journal WHERE run_key = ?').pluck();
    const findContext = this.db.prepare('SELECT id FROM contexts WHERE json = ?').pluck();
    const insertContext = this.db.prepare('INSERT INTO contexts (json) VALUES (?)');
    const insertProcess = this.db.prepare(
      'INSERT INTO processes (run_id, ticket, attempt, phase, pid, start_ticks, log_file, exit_file, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    // Tickets of one policy share context objects (see ticketStepper.ts): each is
    // serialised and stored once, and journal rows refer to it by id.
    const ids = new WeakMap<TicketContext, number | bigint>();
    const contextId = (c: TicketContext) => {
      let id = ids.get(c);
      if (id === undefined) {
        const json = JSON.stringify(c);
        id = (findContext.get(json) as number | undefined) ?? insertContext.run(json).lastInsertRowid;
        ids.set(c, id);
      }
      return id;
    };
    const insertWait = this.db.prepare('INSERT INTO waits (run_key, at, ticket, kind, what) VALUES (?, ?, ?, ?, ?)');
    let waits: WaitRecord[] = [];
    let buffer: TransitionRecord[] = [];
    let lost = false;
    /** Inside a write transaction: whether this journal may still write. */
    const owns = (): boolean => {
      if (!fenced) return true;
      const lease = fenced.lease();
      if (!lost && this.leases.holds(lease)) return true;
      if (!lost) {
        lost = true;
        const holder = this.leases.stateOf(lease.runKey).holder;
        // Told after the transaction, so that a listener that stops the engine writes nothing inside it.
        queueMicrotask(() => fenced.onLost(holder));
      }
      return false;
    };
    const writeProcess = this.db.transaction((p: ProcessRecord) => {
      if (owns()) insertProcess.run(runId, p.ticket, p.attempt, p.phase, p.pid, p.startTicks ?? null, p.logFile ?? null, p.exitFile ?? null, p.at);
    });
    const flushRows = this.db.transaction((rows: TransitionRecord[], waitRows: WaitRecord[]) => {
      if (!owns()) return;
      if (runKey === undefined) {
        runKey = this.keyOf(runId);
        seq = (lastSeq.get(runKey) as number | null) ?? 0;
      }
      for (const r of rows) insert.run(runKey, ++seq, r.at, r.ticket, r.from, r.to, r.attempt, r.agentId ?? null, contextId(r.context));
      for (const w of waitRows) insertWait.run(runKey, w.at, w.ticket, w.kind, w.on);
    });
    // IMMEDIATE when fenced: the check reads, then the rows write; a deferred transaction would
    // fail (SQLITE_BUSY_SNAPSHOT) if another engine of the workspace wrote in between.
    const flush = (rows: TransitionRecord[], waitRows: WaitRecord[]) => (fenced ? flushRows.immediate(rows, waitRows) : flushRows(rows, waitRows));
    return {
      transition(record) {
        buffer.push(record);
      },
      waited(record) {
        waits.push(record);
      },
      processStarted(p) {
        if (fenced) writeProcess.immediate(p);
        else insertProcess.run(runId, p.ticket, p.attempt, p.phase, p.pid, p.startTicks ?? null, p.logFile ?? null, p.exitFile ?? null, p.at);
      },
      commit() {
        if (buffer.length === 0 && waits.length === 0) return;
        const rows = buffer;
        const waitRows = waits;
        buffer = [];
        waits = [];
        flush(rows, waitRows);
      },
    };
  }

  /** Every ticket as the journal last saw it (undefined: never left `waiting`). */
  lastStates(runId: string, tickets: number): Array<RestoredTicket | undefined> {
    const out: Array<RestoredTicket | undefined> = new Array(tickets);
    const rows = this.db
      .prepare('SELECT j.ticket, j.to_state, j.attempt, j.agent_id, c.json FROM journal j JOIN contexts c ON c.id = j.context WHERE j.run_key = ? ORDER BY j.seq')
      .raw()
      .iterate(this.keyOf(runId)) as IterableIterator<[number, TicketState, number, string | null, string]>;
    // The context strings repeat (shared policies): parse each distinct one once.
    const parsed = new Map<string, TicketContext>();
    for (const [ticket, state, attempt, agentId, context] of rows) {
      if (ticket < 0 || ticket >= tickets) continue;
      let ctx = parsed.get(context);
      if (!ctx) {
        ctx = JSON.parse(context) as TicketContext;
        parsed.set(context, ctx);
      }
      out[ticket] = { state, context: ctx, attempt, agentId: agentId ?? undefined };
    }
    return out;
  }

  /** Processes the run started, per ticket and attempt (for orphan killing and exit files). */
  processes(runId: string): StoredProcess[] {
    const rows = this.db.prepare('SELECT * FROM processes WHERE run_id = ? ORDER BY rowid').all(runId) as Array<{
      run_id: string;
      ticket: number;
      attempt: number;
      phase: StoredProcess['phase'];
      pid: number;
      start_ticks: number | null;
      log_file: string | null;
      exit_file: string | null;
      at: number;
    }>;
    return rows.map((r) => ({
      runId: r.run_id,
      ticket: r.ticket,
      attempt: r.attempt,
      phase: r.phase,
      pid: r.pid,
      startTicks: r.start_ticks ?? undefined,
      logFile: r.log_file ?? undefined,
      exitFile: r.exit_file ?? undefined,
      at: r.at,
    }));
  }

  /** Why ready tickets of a run waited, oldest first. */
  waitRows(runId: string): Array<{ at: number; ticket: number; kind: string; on: string }> {
    return this.db.prepare('SELECT at, ticket, kind, what AS "on" FROM waits WHERE run_key = ? ORDER BY rowid').all(this.keyOf(runId)) as Array<{
      at: number;
      ticket: number;
      kind: string;
      on: string;
    }>;
  }

  /** Journal rows of a run, oldest first (for reports and diagnosis); `ticket` indexes the run's plan. */
  journalRows(runId: string): Array<{ at: number; ticket: number; from: TicketState; to: TicketState; attempt: number; agentId: string | undefined }> {
    return (
      this.db.prepare('SELECT at, ticket, from_state, to_state, attempt, agent_id FROM journal WHERE run_key = ? ORDER BY seq').all(this.keyOf(runId)) as Array<{
        at: number;
        ticket: number;
        from_state: TicketState;
        to_state: TicketState;
        attempt: number;
        agent_id: string | null;
      }>
    ).map((r) => ({ at: r.at, ticket: r.ticket, from: r.from_state, to: r.to_state, attempt: r.attempt, agentId: r.agent_id ?? undefined }));
  }

  /** One ticket's journal rows, oldest first: its transitions as the store knows them (the dashboard's history). */
  ticketJournal(runId: string, ticket: number): Array<{ at: number; from: TicketState; to: TicketState; attempt: number; agentId: string | undefined }> {
    return (
      this.db
        .prepare('SELECT at, from_state, to_state, attempt, agent_id FROM journal WHERE run_key = ? AND ticket = ? ORDER BY seq')
        .all(this.keyOf(runId), ticket) as Array<{ at: number; from_state: TicketState; to_state: TicketState; attempt: number; agent_id: string | null }>
    ).map((r) => ({ at: r.at, from: r.from_state, to: r.to_state, attempt: r.attempt, agentId: r.agent_id ?? undefined }));
  }
}
