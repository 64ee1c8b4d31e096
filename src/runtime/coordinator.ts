/**
 * The coordinator: the effectful half of the plan supervisor.
 *
 * The supervisor statechart decides *when* to dispatch, pause or stop; the
 * coordinator owns what those actions act on: every ticket's statechart
 * snapshot, the dependency counters, the ready queue, the resource ledger and
 * the in-flight attempts. It is the single writer of ticket state: executors
 * report results as events, the coordinator steps the ticket's machine and
 * carries out the effects the step names.
 *
 * Invariants:
 * - a ticket holds an agent (and its resources) from ASSIGN until its last
 *   phase (work, gates, rollback) has settled, even when it was interrupted or
 *   cancelled meanwhile: an aborted process may still be dying, and nothing
 *   else may take its place until it is gone;
 * - a result is applied only to the attempt that produced it (attempt fencing);
 * - cascades (a completion readying dependents, a failure blocking a whole
 *   subtree) run through one FIFO work list, never recursion, so a 100,000-long
 *   chain cannot overflow the stack.
 */
import type { ExecutionResult, Executor } from '../actors/types.js';
import { runGates } from '../actors/runGates.js';
import { BUSY_TICKET_STATES, FINAL_TICKET_STATES, type TicketEvent, type TicketInput, type TicketState } from '../machines/ticketMachine.js';
import type { TicketCounts } from '../machines/supervisorMachine.js';
import type { PlanAnalysis } from '../plan/analysisTypes.js';
import { registryOutcome } from '../plan/registryOutcome.js';
import type { AgentTypeSpec, CompiledPlan, CompiledTicket, Strategy } from '../plan/types.js';
import type { AgentPool } from './agentPool.js';
import type { Clock } from './clock.js';
import { ReadyQueue } from './dispatch/readyQueue.js';
import { ResourceLedger } from './dispatch/resourceLedger.js';
import { pickAssignments, ticketSource, type DispatchState, type DispatchTicket, type TicketSource } from './dispatch/pickAssignments.js';
import { PRIORITY_CLASS, rankTicket } from './dispatch/rankTicket.js';
import type { WaitReason } from './dispatch/waitReason.js';
import type { EngineEvent, EventHub } from './events.js';
import type { RestoredTicket, RunJournal } from './runJournal.js';
import { processStartTicks } from './recovery/processStartTicks.js';
import { gateJob, logFileFor, rollbackJob, workJob, type AttemptInfo, type EngineJob, type JobPhase } from './jobForTicket.js';
import { LazyAbort } from './lazyAbort.js';
import { createTicketStepper, type TicketEffect, type TicketSnapshot } from './ticketStepper.js';

export interface CoordinatorOptions {
  plan: CompiledPlan;
  analysis: PlanAnalysis;
  runId: string;
  strategy: Strategy;
  clock: Clock;
  executor: Executor;
  hub: EventHub;
  pool: AgentPool;
  logDir: string;
  /** Most tickets running at once (1 for `sequential`). */
  concurrencyLimit: number;
  /** Where transitions and started processes are recorded (a durable run); none for a throw-away run. */
  journal?: RunJournal | undefined;
  /** Where process attempts leave their exit code for a resumed run to find (with a journal). */
  exitDir?: string | undefined;
  /** Overtakes after which a waiting ticket reserves what it waits for. */
  agingLimit: number;
}

/**
 * Longest time the journal may lag while nothing depends on it. A crash may
 * lose that much: process attempts are recovered from their exit files;
 * function and worker attempts that ended in it run again.
 */
export const JOURNAL_INTERVAL_MS = 20;

/** States a resumed run takes over from the journal as they were; the others are worked out again. */
const KEPT_ON_RESTORE: ReadonlySet<TicketState> = new Set(['completed', 'failed', 'blocked', 'cancelled', 'held', 'retrying', 'interrupted']);

/** One attempt holding an agent slot. */
interface InFlight {
  ticket: number;
  attempt: number;
  abort: LazyAbort;
  /** Phases (work, gates, rollback) started and not yet settled. */
  pending: number;
  since: number;
  /** The agent died under this attempt: it is replaced instead of released. */
  crashed: boolean;
}

export class Coordinator {
  /** The plan being run; `extend` replaces it with one that has more tickets. */
  plan: CompiledPlan;
  private analysis: PlanAnalysis;
  private readonly o: CoordinatorOptions;
  private readonly stepper = createTicketStepper();
  private readonly agentSpec = new Map<string, AgentTypeSpec>();

  private snaps: (TicketSnapshot | undefined)[];
  private pendingDeps: Int32Array;
  private softPending: Int32Array;
  private softDependents: number[][];
  private dispatchTickets: (DispatchTicket | undefined)[];
  private slotOf: Int32Array;
  /** Priority class per ticket; `adjust --priority` changes it here, never in the compiled plan. */
  private priorityClass: Uint8Array;
  private readonly inflight: (InFlight | undefined)[] = [];
  private readonly backoffTimers = new Map<number, unknown>();
  private readonly runningIsolated: number[] = [];
  private readonly interrupted = new Set<number>();
  private readonly queue: ReadyQueue;
  readonly ledger: ResourceLedger;

  // Per-ticket records for the result and the metrics.
  firstStart: Float64Array;
  endedAt: Float64Array;
  busyMs: Float64Array;
  parkedSince: Float64Array;
  logFiles: (string | undefined)[];
  /** Attempts started per ticket: the attempt number of the current or last attempt. */
  attempts: Int32Array;
  /** The agent of each ticket's current or last attempt. */
  lastAgent: (string | undefined)[];
  /** Σ time tickets spent parked behind a conflict, a resource or isolation. */
  conflictWaitMs = 0;

  private remaining = 0;
  /** Attempts holding an agent slot. */
  private running = 0;
  private unsuccessful = 0;
  private readySeq = 0;
  private readonly work: Array<[number, TicketEvent]> = [];
  private workHead = 0;
  private draining = false;
  private inflightPromises = 0;
  private drainWaiters: Array<() => void> = [];
  private byId: Map<string, number> | undefined;
  /** Tickets completed since the journal's last commit (no dependent of theirs may start before it). */
  private readonly uncommitted = new Set<number>();
  private lastCommit = Number.NEGATIVE_INFINITY;
  /** Outcomes of attempts that ended while no engine watched: reported by the ticket's next attempt. */
  private readonly adopted = new Map<number, { ok: boolean; exitCode: number }>();
  /** Called (batched) whenever counts the supervisor guards on may have changed. */
  onChange: () => void = () => {};

  constructor(options: CoordinatorOptions) {
    this.o = options;
    this.plan = options.plan;
    this.analysis = options.analysis;
    const n = this.plan.tickets.length;
    for (const a of this.plan.agents) this.agentSpec.set(a.name, a);
    this.snaps = new Array(n);
    this.pendingDeps = new Int32Array(n);
    this.softPending = new Int32Array(n);
    this.softDependents = Array.from({ length: n }, () => []);
    this.dispatchTickets = new Array(n);
    this.slotOf = new Int32Array(n).fill(-1);
    this.priorityClass = Uint8Array.from(this.plan.tickets, (t) => PRIORITY_CLASS[t.priority]);
    this.queue = new ReadyQueue(n);
    this.ledger = new ResourceLedger(this.plan.resources, options.clock.now());
    this.firstStart = new Float64Array(n).fill(Number.NaN);
    this.endedAt = new Float64Array(n).fill(Number.NaN);
    this.busyMs = new Float64Array(n);
    this.parkedSince = new Float64Array(n).fill(Number.NaN);
    this.logFiles = new Array(n);
    this.attempts = new Int32Array(n);
    this.lastAgent = new Array(n);
  }

  /**
   * Builds the ticket table. A fresh run starts from the plan (tickets done in
   * the registry are completed); a resumed run from the journal (`restore`).
   * Either way: final, held, retrying and interrupted tickets keep their
   * statechart snapshot; every other ticket's place (waiting, ready, blocked)
   * is worked out again from its dependencies, so that nothing depends on
   * what the last batch before a crash managed to record.
   */
  init(restore?: ReadonlyArray<RestoredTicket | undefined>): void {
    const tickets = this.plan.tickets;
    const n = tickets.length;
    this.remaining = n;
    for (const t of tickets) for (const s of t.after) this.softDependents[s]?.push(t.index);
    for (const t of tickets) {
      const i = t.index;
      const r = restore?.[i];
      if (r && KEPT_ON_RESTORE.has(r.state)) {
        this.snaps[i] = this.stepper.restore(r.state, r.context);
        this.attempts[i] = r.attempt;
        this.lastAgent[i] = r.agentId;
        if (r.adopted) this.adopted.set(i, r.adopted);
      } else {
        if (r) {
          this.attempts[i] = r.attempt;
          this.lastAgent[i] = r.agentId;
        }
        const outcome = registryOutcome(t.registryStatus);
        if (outcome) this.snaps[i] = this.stepper.create(this.inputOf(i), outcome);
      }
    }
    // Facts already recorded (or read from the registry): counted, not journaled again.
    for (let i = 0; i < n; i++) {
      const state = this.stateOf(i);
      if (FINAL_TICKET_STATES.has(state)) {
        this.remaining--;
        if (state !== 'completed') this.unsuccessful++;
      }
      if (state === 'interrupted') this.interrupted.add(i);
    }
    for (const t of tickets) {
      const i = t.index;
      this.pendingDeps[i] = t.dependsOn.filter((d) => this.stateOf(d) !== 'completed').length;
      this.softPending[i] = t.after.filter((d) => !FINAL_TICKET_STATES.has(this.stateOf(d))).length;
    }
    for (const t of tickets) {
      const i = t.index;
      if (this.snaps[i] !== undefined) continue;
      const failedDep = t.dependsOn.find((d) => FINAL_TICKET_STATES.has(this.stateOf(d)) && this.stateOf(d) !== 'completed');
      if (failedDep !== undefined) this.deliver(i, { type: 'DEP_FAILED', dependency: (tickets[failedDep] as CompiledTicket).id });
      else if (this.pendingDeps[i] === 0) this.becomeReady(i);
    }
    for (let i = 0; i < n; i++) {
      const state = this.stateOf(i);
      if (state === 'held' && this.pendingDeps[i] === 0) this.deliver(i, { type: 'DEPS_MET' });
      // A restored backoff: its timer died with the last engine; the deadline is in context.
      if (state === 'retrying') this.runEffect(i, 'armBackoff');
    }
    this.drain();
    // Attempts cut short by the crash or a stop go back to the queue as new attempts.
    if (restore) this.requeueInterrupted();
  }

  /** A ticket's index by id (case-insensitive), or undefined. */
  indexOf(id: string): number | undefined {
    if (!this.byId) this.byId = new Map(this.plan.tickets.map((t) => [t.id.toLowerCase(), t.index]));
    return this.byId.get(id.toLowerCase());
  }

  counts(): TicketCounts {
    return { running: this.running, remaining: this.remaining, unsuccessful: this.unsuccessful };
  }

  /** Current state of ticket `i` (unmaterialised tickets are waiting). */
  stateOf(i: number): TicketState {
    return (this.snaps[i]?.value as TicketState | undefined) ?? 'waiting';
  }

  snapshotOf(i: number): TicketSnapshot | undefined {
    return this.snaps[i];
  }

  // ---- supervisor actions -------------------------------------------------

  /**
   * Takes over a plan extended with new tickets (`adjust --add`): the same
   * tickets at the same indices, new ones after them, conflicts possibly
   * widened by the new tickets' files. New tickets join like tickets of a
   * fresh run; ready tickets are ranked again, since the critical path may now
   * run through the new ones.
   */
  extend(plan: CompiledPlan, analysis: PlanAnalysis): void {
    const old = this.plan.tickets.length;
    const n = plan.tickets.length;
    this.plan = plan;
    this.analysis = analysis;
    this.byId = undefined;
    const growInt = (a: Int32Array, fill = 0) => {
      const b = new Int32Array(n).fill(fill);
      b.set(a);
      return b;
    };
    const growFloat = (a: Float64Array, fill: number) => {
      const b = new Float64Array(n).fill(fill);
      b.set(a);
      return b;
    };
    this.pendingDeps = growInt(this.pendingDeps);
    this.softPending = growInt(this.softPending);
    this.slotOf = growInt(this.slotOf, -1);
    this.attempts = growInt(this.attempts);
    const priority = new Uint8Array(n);
    priority.set(this.priorityClass);
    for (let i = old; i < n; i++) priority[i] = PRIORITY_CLASS[(plan.tickets[i] as CompiledTicket).priority];
    this.priorityClass = priority;
    this.firstStart = growFloat(this.firstStart, Number.NaN);
    this.endedAt = growFloat(this.endedAt, Number.NaN);
    this.busyMs = growFloat(this.busyMs, 0);
    this.parkedSince = growFloat(this.parkedSince, Number.NaN);
    this.snaps.length = n;
    this.dispatchTickets.length = n;
    this.logFiles.length = n;
    this.lastAgent.length = n;
    for (let i = old; i < n; i++) this.softDependents.push([]);
    this.queue.grow(n);
    // The new tickets' files may conflict with old tickets: every cached view takes the wider lists.
    for (const dt of this.dispatchTickets) if (dt) (dt as { conflictsWith: readonly number[] }).conflictsWith = (plan.tickets[dt.index] as CompiledTicket).conflictsWith;
    this.remaining += n - old;
    for (let i = old; i < n; i++) {
      const t = plan.tickets[i] as CompiledTicket;
      for (const s of t.after) this.softDependents[s]?.push(i);
      this.pendingDeps[i] = t.dependsOn.filter((d) => this.stateOf(d) !== 'completed').length;
      this.softPending[i] = t.after.filter((d) => !FINAL_TICKET_STATES.has(this.stateOf(d))).length;
      const failedDep = t.dependsOn.find((d) => FINAL_TICKET_STATES.has(this.stateOf(d)) && this.stateOf(d) !== 'completed');
      if (failedDep !== undefined) this.deliver(i, { type: 'DEP_FAILED', dependency: (plan.tickets[failedDep] as CompiledTicket).id });
      else if (this.pendingDeps[i] === 0) this.becomeReady(i);
    }
    for (let i = 0; i < old; i++) if (this.stateOf(i) === 'ready') this.pushReady(i);
    this.drain();
    this.onChange();
  }

  /** Makes the journal durable now (state changes, the end of a run). */
  commitJournal(): void {
    if (!this.o.journal) return;
    this.o.journal.commit();
    this.uncommitted.clear();
    this.lastCommit = this.o.clock.now();
  }

  /**
   * Commits when it is due: at least every JOURNAL_INTERVAL_MS while tickets
   * change. (Before a dependent starts it is committed anyway, in `dispatch`.)
   */
  commitJournalIfDue(): void {
    if (this.o.journal && this.o.clock.now() - this.lastCommit >= JOURNAL_INTERVAL_MS) this.commitJournal();
  }

  /** Runs the policy over the ready tickets and starts what it picks. */
  dispatch(): void {
    const pool = this.o.pool;
    if (pool.availableTotal() === 0) return;
    const idle = pool.availableCounts();
    const queues = new Map<string, TicketSource>();
    for (const [type, count] of Object.entries(idle)) {
      if (count > 0 && this.queue.hasCandidates(type)) queues.set(type, this.queue.source(type));
    }
    if (queues.size === 0) return;
    const decision = pickAssignments(queues, this.dispatchState(idle, this.o.agingLimit));
    const started = new Set<number>();
    for (const s of decision.start) started.add(s.index);
    const waits = new Map<number, WaitReason>();
    const now = this.o.clock.now();
    for (const w of decision.waits) {
      waits.set(w.index, w.reason);
      if (Number.isNaN(this.parkedSince[w.index])) {
        this.parkedSince[w.index] = now;
        // Once per wait, for `diagnose`: what held this ready ticket back.
        this.o.journal?.waited?.({ at: now, ticket: w.index, kind: w.reason.kind, on: waitTarget(w.reason, this.plan) });
      }
    }
    this.queue.settle(started, waits);
    // A completion is durable before any dependent starts: commit if one of
    // the tickets about to start depends on a completion not yet committed.
    if (this.uncommitted.size > 0) {
      const needs = decision.start.some((s) => (this.plan.tickets[s.index] as CompiledTicket).dependsOn.some((d) => this.uncommitted.has(d)));
      if (needs) this.commitJournal();
    }
    for (const i of decision.overtaken) {
      const dt = this.dispatchTickets[i];
      if (dt) dt.overtaken++;
    }
    for (const s of decision.start) this.start(s.index);
    this.drain();
  }

  /** Interrupts every running attempt (pause without waiting, stop --force). */
  interruptRunning(): void {
    for (const f of this.inflight) if (f && BUSY_TICKET_STATES.has(this.stateOf(f.ticket))) this.deliver(f.ticket, { type: 'INTERRUPT' });
    this.drain();
  }

  /** Returns interrupted tickets to the ready queue (resume). */
  requeueInterrupted(): void {
    // Called on every batch of changes while running: nothing to do is the common case.
    if (this.interrupted.size === 0) return;
    // An attempt still ending (its process group being killed) keeps its
    // ticket out of the queue: two attempts of one ticket must never overlap.
    // Its end is a change of its own, and brings it back here.
    for (const i of [...this.interrupted]) if (this.slotOf[i] === -1) this.deliver(i, { type: 'REQUEUE' });
    this.drain();
  }

  /** Cancels every ticket that is not final (fail-fast). */
  cancelRemaining(reason: string): void {
    for (let i = 0; i < this.plan.tickets.length; i++) {
      if (!FINAL_TICKET_STATES.has(this.stateOf(i))) this.deliver(i, { type: 'CANCEL', reason });
    }
    this.drain();
  }

  // ---- adjustments ----------------------------------------------------------

  /** Sends a user event (HOLD, RELEASE, CANCEL) to a ticket; returns its state after. */
  signal(i: number, event: TicketEvent): TicketState {
    this.deliver(i, event);
    this.drain();
    return this.stateOf(i);
  }

  /** Changes a resource's capacity; tickets waiting for it look again. */
  setCapacity(name: string, capacity: number): void {
    this.ledger.setCapacity(name, capacity, this.o.clock.now());
    this.queue.unparkResource(name);
  }

  /** Changes a ticket's priority; a ready ticket is re-ranked at once. */
  setPriority(i: number, priority: keyof typeof PRIORITY_CLASS): void {
    this.priorityClass[i] = PRIORITY_CLASS[priority];
    if (this.stateOf(i) === 'ready') this.pushReady(i);
  }

  // ---- draining ---------------------------------------------------------------

  /** Resolves once no phase of any attempt is still running (processes gone, workers settled). */
  whenIdle(): Promise<void> {
    if (this.inflightPromises === 0) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /**
   * Why each ticket that is not running and not final waits, in ticket order.
   * @param limit stop after this many (a live view needs a handful, not 100,000)
   * @param states only tickets in these states
   */
  explainWaits(limit = Number.POSITIVE_INFINITY, states?: ReadonlySet<TicketState>): Array<{ index: number; state: TicketState; reason: WaitReason }> {
    const out: Array<{ index: number; state: TicketState; reason: WaitReason }> = [];
    for (let i = 0; i < this.plan.tickets.length && out.length < limit; i++) {
      const state = this.stateOf(i);
      if (states && !states.has(state)) continue;
      const reason = this.whyWaits(i, state);
      if (reason) out.push({ index: i, state, reason });
    }
    return out;
  }

  whyWaits(i: number, state = this.stateOf(i)): WaitReason | undefined {
    switch (state) {
      case 'waiting': {
        const on = (this.plan.tickets[i] as CompiledTicket).dependsOn.filter((d) => this.stateOf(d) !== 'completed');
        return { kind: 'dependency', on };
      }
      case 'held':
        return { kind: 'held' };
      case 'retrying':
        return { kind: 'backoff', until: this.snaps[i]?.context.retryAt ?? 0 };
      case 'interrupted':
        return { kind: 'paused' };
      case 'ready': {
        const t = this.dispatchTicketOf(i);
        const idle = this.o.pool.availableCounts();
        if ((idle[t.agent] ?? 0) === 0) return { kind: 'agent', agentType: t.agent };
        if (this.running >= this.o.concurrencyLimit) return { kind: 'concurrency', limit: this.o.concurrencyLimit };
        // The policy's answer for this one ticket, without aging (an explanation must not reserve anything).
        const decision = pickAssignments(new Map([[t.agent, ticketSource([t])]]), this.dispatchState(idle, Number.POSITIVE_INFINITY));
        // Free now but not yet dispatched: the supervisor is paused or about to dispatch.
        return decision.waits[0]?.reason ?? { kind: 'paused' };
      }
      default:
        return undefined;
    }
  }

  // ---- internals ------------------------------------------------------------------

  /** What the policy sees: available agents, free resources, what runs. */
  private dispatchState(available: Record<string, number>, agingLimit: number): DispatchState {
    return {
      idleAgents: available,
      freeResources: this.ledger.freeUnits(),
      isRunning: (i) => this.slotOf[i] !== -1,
      holdersOf: (r) => this.ledger.holdersOf(r),
      runningCount: this.running,
      runningIsolated: this.runningIsolated,
      concurrencyLimit: this.o.concurrencyLimit,
      agingLimit,
    };
  }

  private inputOf(i: number): TicketInput {
    const t = this.plan.tickets[i] as CompiledTicket;
    return { retries: t.retries, gates: t.validate.length, hasRollback: t.rollback !== undefined, backoffMs: t.backoffMs };
  }

  private dispatchTicketOf(i: number): DispatchTicket {
    let dt = this.dispatchTickets[i];
    if (!dt) {
      const t = this.plan.tickets[i] as CompiledTicket;
      dt = { index: i, rank: [], agent: t.agent, needs: Object.entries(t.resources), conflictsWith: t.conflictsWith, isolated: t.isolated, overtaken: 0 };
      this.dispatchTickets[i] = dt;
    }
    return dt;
  }

  private pushReady(i: number): void {
    const dt = this.dispatchTicketOf(i);
    dt.rank = rankTicket(this.o.strategy, this.priorityClass[i] as number, this.softPending[i] as number, this.analysis.remainingMs[i] ?? 0, this.readySeq++);
    this.queue.push(dt);
  }

  /** A ticket whose dependencies are all completed: materialised directly in `ready` if new. */
  private becomeReady(i: number): void {
    if (this.snaps[i] === undefined) {
      this.snaps[i] = this.stepper.create(this.inputOf(i), 'ready');
      this.onStateChange(i, 'waiting', 'ready', 'DEPS_MET');
    } else {
      this.deliver(i, { type: 'DEPS_MET' });
    }
  }

  private start(i: number): void {
    const t = this.plan.tickets[i] as CompiledTicket;
    const pool = this.o.pool;
    const now = this.o.clock.now();
    const slot = pool.assign(t.agent, t.id, now);
    this.running++;
    this.ledger.acquire(i, this.dispatchTicketOf(i).needs, now);
    this.slotOf[i] = slot;
    if (t.isolated) this.runningIsolated.push(i);
    const parked = this.parkedSince[i] as number;
    if (!Number.isNaN(parked)) {
      this.conflictWaitMs += now - parked;
      this.parkedSince[i] = Number.NaN;
    }
    const attempt = ++this.attempts[i]!;
    this.lastAgent[i] = pool.slots[slot]?.id;
    this.inflight[slot] = { ticket: i, attempt, abort: new LazyAbort(), pending: 0, since: now, crashed: false };
    if (Number.isNaN(this.firstStart[i])) this.firstStart[i] = now;
    this.deliver(i, ASSIGN);
  }

  /** Queues an event for a ticket; `drain` applies queued events in order. */
  private deliver(i: number, event: TicketEvent): void {
    this.work.push([i, event]);
  }

  private drain(): void {
    if (this.draining) return;
    this.draining = true;
    try {
      while (this.workHead < this.work.length) {
        const [i, event] = this.work[this.workHead++] as [number, TicketEvent];
        this.apply(i, event);
      }
      this.work.length = 0;
      this.workHead = 0;
    } finally {
      this.draining = false;
    }
  }

  private apply(i: number, event: TicketEvent): void {
    const before = this.snaps[i] ?? this.stepper.create(this.inputOf(i), 'waiting');
    const effects: TicketEffect[] = [];
    const after = this.stepper.step(before, event, effects);
    this.snaps[i] = after;
    for (const e of effects) this.runEffect(i, e);
    const from = before.value as TicketState;
    const to = after.value as TicketState;
    if (from !== to) this.onStateChange(i, from, to, event.type);
  }

  private onStateChange(i: number, from: TicketState, to: TicketState, cause: TicketEvent['type']): void {
    // The transition is told before its consequences (dependents readied or
    // blocked, the agent released), so that the event stream is causal.
    if (this.o.hub.active) this.emitTransition(i, from, to, cause);
    // A ticket's first `waiting → ready` is not journaled: a resumed run works it
    // out again from the dependencies, and its time is their last completion's.
    // That is a third of the rows of a run.
    if (this.o.journal && !(from === 'waiting' && to === 'ready')) {
      this.o.journal.transition({
        at: this.o.clock.now(),
        ticket: i,
        from,
        to,
        attempt: this.attempts[i] as number,
        agentId: this.lastAgent[i],
        context: (this.snaps[i] as TicketSnapshot).context,
      });
    }
    if (from === 'ready') this.queue.remove(i);
    if (from === 'interrupted') this.interrupted.delete(i);
    if (to === 'interrupted') this.interrupted.add(i);
    if (to === 'ready') this.pushReady(i);
    if (FINAL_TICKET_STATES.has(to)) this.onFinal(i, to);
    const slot = this.slotOf[i] as number;
    if (slot !== -1 && BUSY_TICKET_STATES.has(from) && !BUSY_TICKET_STATES.has(to)) this.releaseIfSettled(slot);
    // Starting a ticket is the dispatcher's own doing; anything else may enable more dispatch.
    if (!(from === 'ready' && to === 'executing')) this.onChange();
  }

  private emitTransition(i: number, from: TicketState, to: TicketState, cause: TicketEvent['type']): void {
    const ctx = this.snaps[i]?.context;
    const ev: Extract<EngineEvent, { type: 'ticket.transition' }> = {
      type: 'ticket.transition',
      at: this.o.clock.now(),
      ticket: (this.plan.tickets[i] as CompiledTicket).id,
      index: i,
      from,
      to,
      event: cause,
      attempt: this.attempts[i] as number,
      agentId: this.lastAgent[i],
    };
    if ((to === 'retrying' || to === 'failed' || to === 'rollingBack') && ctx?.lastError) ev.error = ctx.lastError;
    if ((to === 'blocked' || to === 'cancelled') && ctx?.reason) ev.reason = ctx.reason;
    if (to === 'executing') {
      const file = this.logFiles[i];
      if (file !== undefined) ev.logFile = file;
    }
    this.o.hub.emit(ev);
  }

  private onFinal(i: number, to: TicketState): void {
    this.remaining--;
    if (to === 'completed' && this.o.journal) this.uncommitted.add(i);
    this.endedAt[i] = this.o.clock.now();
    const t = this.plan.tickets[i] as CompiledTicket;
    for (const s of this.softDependents[i] ?? []) {
      this.softPending[s]!--;
      if (this.stateOf(s) === 'ready') this.pushReady(s);
    }
    if (to === 'completed') {
      for (const d of this.analysis.dependents[i] ?? []) {
        if (--this.pendingDeps[d]! === 0 && !FINAL_TICKET_STATES.has(this.stateOf(d))) this.becomeReady(d);
      }
      return;
    }
    this.unsuccessful++;
    for (const d of this.analysis.dependents[i] ?? []) {
      if (!FINAL_TICKET_STATES.has(this.stateOf(d))) this.deliver(d, { type: 'DEP_FAILED', dependency: t.id });
    }
  }

  private runEffect(i: number, effect: TicketEffect): void {
    const slot = this.slotOf[i] as number;
    switch (effect) {
      case 'startWork':
        return this.runPhase(slot, 'work', (info, abort) => {
          const adopted = this.adopted.get(i);
          if (adopted) {
            // The work already ran to its end while no engine was watching: report it, do not repeat it.
            this.adopted.delete(i);
            return Promise.resolve(this.adoptedResult(adopted.exitCode));
          }
          const t = this.plan.tickets[i] as CompiledTicket;
          const job = workJob(t, this.agentSpec.get(t.agent) as AgentTypeSpec, this.plan, info);
          this.logFiles[i] = job.kind === 'process' ? job.logFile : undefined;
          const onProgress = (fraction: number, message?: string) => this.onProgress(i, slot, fraction, message);
          const onStart = job.kind === 'process' ? this.recordProcess(i, info.attempt, 'work', job.logFile, job.exitFile) : undefined;
          // A getter: the AbortController is made only if the executor reads the signal.
          return this.o.executor.run(job, {
            get signal() {
              return abort.signal;
            },
            isAborted: () => abort.isAborted,
            progress: onProgress,
            ...(onStart ? { onStart } : {}),
          });
        }, (result, at) => (result.ok ? { type: 'WORK_DONE' } : { type: 'WORK_FAILED', error: result.error, at }));
      case 'startValidation':
        return this.runPhase(slot, 'gate', (info, abort) => {
          const t = this.plan.tickets[i] as CompiledTicket;
          const onStart = this.recordProcess(i, info.attempt, 'gate', logFileFor(t, info), undefined);
          return runGates(t.validate, (gate, k) => gateJob(t, gate, k, this.plan, info) as EngineJob & { kind: 'process' }, this.o.executor, {
            signal: abort.signal,
            ...(onStart ? { onStart } : {}),
          });
        }, (result, at) => (result.ok ? { type: 'GATES_PASSED' } : { type: 'GATE_FAILED', error: result.error, at }));
      case 'startRollback':
        return this.runPhase(slot, 'rollback', (info, abort) => {
          const job = rollbackJob(this.plan.tickets[i] as CompiledTicket, this.plan, info);
          if (!job) return Promise.resolve({ ok: true, durationMs: 0 });
          const onStart = this.recordProcess(i, info.attempt, 'rollback', job.kind === 'process' ? job.logFile : undefined, undefined);
          return this.o.executor.run(job, { signal: abort.signal, ...(onStart ? { onStart } : {}) });
        }, (result) => ({ type: 'ROLLBACK_DONE', ok: result.ok }));
      case 'armBackoff': {
        const retryAt = this.snaps[i]?.context.retryAt ?? this.o.clock.now();
        const id = this.o.clock.setTimeout(() => {
          this.backoffTimers.delete(i);
          this.deliver(i, { type: 'BACKOFF_ELAPSED' });
          this.drain();
        }, retryAt - this.o.clock.now());
        this.backoffTimers.set(i, id);
        return;
      }
      case 'disarmBackoff': {
        const id = this.backoffTimers.get(i);
        if (id !== undefined) this.o.clock.clearTimeout(id);
        this.backoffTimers.delete(i);
        return;
      }
      case 'abortWork':
        if (slot !== -1) this.inflight[slot]?.abort.abort();
        return;
    }
  }

  /**
   * Starts one phase of the attempt holding `slot`. When it settles, its
   * result becomes an event for the ticket, unless the attempt has moved on
   * (interrupted, cancelled): then it is dropped, and only the slot is freed.
   */
  private runPhase(
    slot: number,
    phase: JobPhase,
    run: (info: AttemptInfo, abort: LazyAbort) => Promise<ExecutionResult>,
    toEvent: (result: ExecutionResult, at: number) => TicketEvent,
  ): void {
    const f = this.inflight[slot];
    if (!f) throw new Error(`no attempt holds agent slot ${slot}`);
    const info: AttemptInfo = { runId: this.o.runId, attempt: f.attempt, agentId: this.o.pool.slots[slot]?.id as string, logDir: this.o.logDir };
    if (this.o.exitDir !== undefined) info.exitDir = this.o.exitDir;
    f.pending++;
    this.inflightPromises++;
    let promise: Promise<ExecutionResult>;
    try {
      promise = run(info, f.abort);
    } catch (err) {
      promise = Promise.reject(err);
    }
    const settle = (result: ExecutionResult) => {
      try {
        f.pending--;
        if (!result.ok && result.error.agentCrashed) f.crashed = true;
        const i = f.ticket;
        const current = this.attempts[i] === f.attempt && BUSY_TICKET_STATES.has(this.stateOf(i));
        if (current) this.deliver(i, toEvent(result, this.o.clock.now()));
        // Interrupted (pause, stop) just as its work succeeded: the next attempt reports that
        // success instead of doing the work again.
        else if (phase === 'work' && result.ok && this.attempts[i] === f.attempt && this.stateOf(i) === 'interrupted') {
          this.adopted.set(i, { ok: true, exitCode: result.exitCode ?? 0 });
        }
        this.drain();
        this.releaseIfSettled(slot);
        this.drain();
      } finally {
        if (--this.inflightPromises === 0) {
          const waiters = this.drainWaiters;
          this.drainWaiters = [];
          for (const w of waiters) w();
        }
      }
    };
    // One reaction per phase (not catch/then/finally): this runs once per ticket.
    promise.then(settle, (err: unknown) =>
      settle({
        ok: false,
        // An executor must not throw for a failed ticket; if one does, it is a bug, reported as data.
        error: { code: 'WORKER_ERROR', message: `executor failed: ${err instanceof Error ? err.message : String(err)}`, retryable: false },
        durationMs: 0,
      }),
    );
  }

  /** With a journal: the callback that makes a started process durable at once (for orphan killing after a crash). */
  private recordProcess(i: number, attempt: number, phase: JobPhase, logFile: string | undefined, exitFile: string | undefined) {
    const journal = this.o.journal;
    if (!journal) return undefined;
    return ({ pid }: { pid: number }) =>
      journal.processStarted({ at: this.o.clock.now(), ticket: i, attempt, phase, pid, startTicks: processStartTicks(pid), logFile, exitFile });
  }

  /** What an attempt that finished unwatched reports, from the exit code its wrapper left behind. */
  private adoptedResult(exitCode: number): ExecutionResult {
    if (exitCode === 0) return { ok: true, exitCode, durationMs: 0 };
    const retryable = !this.plan.noRetryExitCodes.includes(exitCode);
    const message = `the attempt ended while tpe was not running, with exit code ${exitCode}`;
    return { ok: false, exitCode, durationMs: 0, error: { code: retryable ? 'EXIT_CODE' : 'NON_RETRYABLE', message, retryable } };
  }

  /** Frees the slot (agent, resources, conflicts) once its attempt no longer needs it. */
  private releaseIfSettled(slot: number): void {
    const f = this.inflight[slot];
    if (!f || f.pending > 0) return;
    const i = f.ticket;
    const state = this.stateOf(i);
    if (this.attempts[i] === f.attempt && BUSY_TICKET_STATES.has(state)) return;
    const now = this.o.clock.now();
    this.inflight[slot] = undefined;
    this.slotOf[i] = -1;
    this.busyMs[i]! += now - f.since;
    const iso = this.runningIsolated.indexOf(i);
    if (iso >= 0) this.runningIsolated.splice(iso, 1);
    const needs = this.dispatchTicketOf(i).needs;
    this.ledger.release(i, needs, now);
    this.running--;
    const pool = this.o.pool;
    if (f.crashed) pool.crash(slot);
    else pool.markReleasing(slot, state === 'completed');
    for (const [r] of needs) this.queue.unparkResource(r);
    this.queue.unparkTicket(i);
    this.queue.unparkIsolation();
    this.onChange();
  }

  private onProgress(i: number, slot: number, fraction: number, message?: string): void {
    const f = this.inflight[slot];
    if (!f || f.ticket !== i) return;
    this.o.pool.setProgress(slot, fraction);
    if (this.o.hub.active) {
      const ev: Parameters<EventHub['emit']>[0] = { type: 'ticket.progress', at: this.o.clock.now(), ticket: (this.plan.tickets[i] as CompiledTicket).id, fraction };
      if (message !== undefined) ev.message = message;
      this.o.hub.emit(ev);
    }
  }
}

/** Payload-free events are constants: one object for every ticket. */
const ASSIGN: TicketEvent = { type: 'ASSIGN' };

/** What a wait was on, in words a report can show: a resource name, or ticket ids. */
function waitTarget(reason: WaitReason, plan: CompiledPlan): string {
  const id = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  switch (reason.kind) {
    case 'resource':
      return reason.heldBy.length ? `${reason.resource} (held by ${reason.heldBy.map(id).join(', ')})` : reason.resource;
    case 'reserved':
      return `${reason.resource} (reserved for ${id(reason.for)})`;
    case 'conflict':
      return id(reason.with);
    case 'isolation':
      return reason.with.map(id).join(', ');
    default:
      return '';
  }
}
