/**
 * The live side of the dashboard: follows a run's events into a RunBoard and
 * feeds every connected page over server-sent events (streamMessages.ts).
 *
 * The run pays O(1) per engine event for being watched (the board's update,
 * a flag); everything else (the summary snapshot, inspection events, JSON)
 * happens in ticks a few times a second, once per tick whatever the number
 * of pages, and not at all while no page is connected.
 */
import type { ServerResponse } from 'node:http';
import { analyzePlan } from '../../plan/analyzePlan.js';
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { EngineEvent } from '../events.js';
import { RunBoard } from '../inspect/RunBoard.js';
import type { RunSnapshot, SnapshotWait } from '../runSnapshot.js';
import type { DashboardSource } from './DashboardSource.js';
import { FRAME_MS, FRAME_WAIT_LIMIT, HEARTBEAT_MS, SSE_HEARTBEAT, frameDue, nextTickMs, sseEvent } from './streamMessages.js';

/** A page that reads slower than the run changes is dropped past this backlog; its EventSource reconnects and starts afresh. */
const MAX_BACKLOG_BYTES = 16 * 1024 * 1024;
/** Run states after which no event will come. */
const ENDED = new Set(['completed', 'failed', 'stopped', 'crashed']);
/** How old the last summary may be for a ticket's wait reason. */
const WAITS_FRESH_MS = 1000;

export class DashboardFeed {
  /** Bumped by `run.extended`: the plan changed. */
  planVersion = 0;
  private readonly clients = new Set<ServerResponse>();
  private readonly logFiles = new Map<string, string>();
  private finished: boolean;
  private endSent = false;
  /** The state the `end` event reports: the board's, unless the engine went away (`crashed`). */
  private endState: string | undefined;
  private closed = false;
  private seq = 0;
  private lastFrameAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly heartbeat: NodeJS.Timeout;
  private ticking = false;
  private summary: { at: number; snapshot: RunSnapshot } | undefined;
  private analysisOf: { plan: CompiledPlan; analysis: PlanAnalysis } | undefined;

  private constructor(
    private readonly source: DashboardSource,
    readonly board: RunBoard,
    private readonly unsubscribe: () => void,
  ) {
    this.finished = ENDED.has(board.runState);
    this.heartbeat = setInterval(() => this.broadcast(SSE_HEARTBEAT), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  /**
   * Subscribes first and snapshots second: events that arrive while the
   * snapshot is on its way are applied after it, none is lost.
   */
  static async open(source: DashboardSource): Promise<DashboardFeed> {
    const early: EngineEvent[] = [];
    let feed: DashboardFeed | undefined;
    const unsubscribe = source.onEvent((event) => {
      if (feed) feed.take(event);
      else early.push(event);
    });
    try {
      const initial = await source.snapshot({ tickets: true, waitLimit: FRAME_WAIT_LIMIT });
      feed = new DashboardFeed(source, new RunBoard(source.runId, initial), unsubscribe);
      // Kept for a page that connects after the engine went away (see addClient); the
      // ticket list is the board's business.
      feed.summary = { at: Date.now(), snapshot: { ...initial, tickets: undefined } };
    } catch (err) {
      unsubscribe();
      throw err;
    }
    for (const event of early) feed.take(event);
    const built = feed;
    void source.ended?.then(() => built.engineGone());
    return feed;
  }

  /** One engine event: O(1), no I/O. */
  private take(event: EngineEvent): void {
    this.board.apply(event);
    switch (event.type) {
      case 'ticket.transition':
        if (event.logFile !== undefined) this.logFiles.set(event.ticket, event.logFile);
        return;
      case 'run.extended':
        this.planVersion++;
        return;
      case 'run.finished':
        this.finished = true;
        return;
      default:
        return;
    }
  }

  /**
   * The engine went away without `run.finished` (killed, crashed): nothing more will come, so
   * every page gets its `end` now, with the state the store will show (`crashed`; `tpe resume`
   * continues the run).
   */
  private engineGone(): void {
    if (this.finished || this.closed) return;
    this.finished = true;
    this.endState = 'crashed';
    this.endSent = true;
    const end = Buffer.from(sseEvent('end', { state: this.endState }), 'utf8');
    for (const res of this.clients) res.end(end);
    this.clients.clear();
  }

  logFile(ticketId: string): string | undefined {
    return this.logFiles.get(ticketId);
  }

  /** The plan's analysis (critical path, groups), computed once per plan. */
  analysis(plan: CompiledPlan): PlanAnalysis {
    if (this.analysisOf?.plan !== plan) this.analysisOf = { plan, analysis: analyzePlan(plan) };
    return this.analysisOf.analysis;
  }

  /** Why a ticket waits, from the last frame's summary if recent, else from a new one. */
  async waitOf(ticketId: string): Promise<SnapshotWait | undefined> {
    if (this.summary === undefined || Date.now() - this.summary.at > WAITS_FRESH_MS) {
      this.summary = { at: Date.now(), snapshot: await this.source.snapshot({ tickets: false, waitLimit: FRAME_WAIT_LIMIT }) };
    }
    return this.summary.snapshot.waits.find((w) => w.ticket === ticketId);
  }

  /**
   * A page connected to `/api/stream` (headers already sent): it gets
   * `hello`, then every frame, then `end`.
   */
  async addClient(res: ServerResponse): Promise<void> {
    // The summary only: every ticket's state, attempt, agent and times are in
    // the inspection events below, and titles in /api/info. Listing tickets
    // here too would double a 10,000-ticket hello (4 MB) for nothing.
    // A gone engine answers nothing: the page gets the last summary seen, then `end`.
    const last = this.endState === undefined ? undefined : this.summary?.snapshot;
    const snapshot = last ?? (await this.source.snapshot({ tickets: false, waitLimit: FRAME_WAIT_LIMIT }));
    if (this.closed || res.destroyed) return;
    // With nobody watching, changes piled up unsent; this page's hello holds
    // them all, so they need not follow in the next frame.
    if (this.clients.size === 0) this.board.takeChanged();
    // `everything()` and joining the broadcast list happen in one synchronous
    // step: what changes afterwards reaches this page in the next frame.
    res.write(Buffer.from(sseEvent('hello', { runId: this.source.runId, planVersion: this.planVersion, finished: this.finished, snapshot, inspection: this.board.everything() }), 'utf8'));
    if (this.finished && this.endSent) {
      res.end(sseEvent('end', { state: this.endState ?? this.board.runState }));
      return;
    }
    this.clients.add(res);
    res.on('close', () => this.clients.delete(res));
    // A page that went away mid-write: 'close' follows and drops it.
    res.on('error', () => undefined);
    this.schedule(FRAME_MS);
  }

  get clientCount(): number {
    return this.clients.size;
  }

  /** Ends every stream, stops the ticks and stops following the run. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.unsubscribe();
    clearInterval(this.heartbeat);
    if (this.timer) clearTimeout(this.timer);
    for (const res of this.clients) res.end();
    this.clients.clear();
  }

  private schedule(delayMs: number): void {
    if (this.timer !== undefined || this.ticking || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.tick();
    }, delayMs);
    // The dashboard must never be what keeps a finished process alive.
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    // Nobody watching: stop until a page connects (addClient schedules again).
    if (this.clients.size === 0 || this.closed) return;
    const finishing = this.finished && !this.endSent;
    if (!frameDue({ dirty: this.board.dirty, sinceLastFrameMs: Date.now() - this.lastFrameAt, finishing })) {
      this.schedule(FRAME_MS);
      return;
    }
    this.ticking = true;
    let cost = 0;
    try {
      const t0 = performance.now();
      const snapshot = await this.source.snapshot({ tickets: false, waitLimit: FRAME_WAIT_LIMIT });
      if (this.closed) return;
      const inspection = this.board.takeChanged();
      this.summary = { at: Date.now(), snapshot };
      this.broadcast(sseEvent('frame', { seq: ++this.seq, planVersion: this.planVersion, snapshot, inspection }));
      this.lastFrameAt = Date.now();
      cost = performance.now() - t0;
      if (finishing) {
        this.endSent = true;
        const end = Buffer.from(sseEvent('end', { state: this.board.runState }), 'utf8');
        for (const res of this.clients) res.end(end);
        this.clients.clear();
        return;
      }
    } catch {
      // A source that cannot answer now (a monitored run's socket hiccup):
      // try again at the slow pace rather than flood it.
      cost = 200;
    } finally {
      this.ticking = false;
    }
    this.schedule(nextTickMs(cost));
  }

  private broadcast(text: string): void {
    if (this.clients.size === 0) return;
    // Encoded once for all pages, not once per page (a frame of a big run is megabytes).
    const bytes = Buffer.from(text, 'utf8');
    for (const res of this.clients) {
      if (res.writableLength > MAX_BACKLOG_BYTES) {
        res.destroy();
        this.clients.delete(res);
        continue;
      }
      res.write(bytes);
    }
  }
}
