/**
 * `createEngine(plan, options)`: the library's entry point. Wires the plan
 * supervisor actor (with its agents), the coordinator that implements its
 * actions, the executors, the clock and the event stream, and returns a
 * handle to start, watch and steer the run.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { createActor } from 'xstate';
import { createExecutor, type AgentFunction } from '../actors/index.js';
import type { Executor } from '../actors/types.js';
import { agentMachine } from '../machines/agentMachine.js';
import { supervisorMachine, type SupervisorState } from '../machines/supervisorMachine.js';
import type { TicketState } from '../machines/ticketMachine.js';
import { analyzePlan } from '../plan/index.js';
import type { PlanAnalysis } from '../plan/analysisTypes.js';
import type { CompiledPlan, Priority, Strategy } from '../plan/types.js';
import { UsageError } from '../errors.js';
import { AgentPool } from './agentPool.js';
import { realClock, type Clock } from './clock.js';
import { Coordinator, JOURNAL_INTERVAL_MS } from './coordinator.js';
import type { WaitReason } from './dispatch/waitReason.js';
import { EventHub, type EngineListener } from './events.js';
import { buildRunResult } from './buildRunResult.js';
import { estimateRemaining } from './eta/estimateRemaining.js';
import { observedRatio } from './eta/observedRatio.js';
import { buildRunSnapshot, type SnapshotOptions } from './buildRunSnapshot.js';
import type { RunSnapshot } from './runSnapshot.js';
import { pinoReporter } from './reporters/pinoReporter.js';
import type { RunResult } from './runResult.js';
import { newRunId } from './runId.js';
import type { RestoredTicket, RunJournal } from './runJournal.js';

/** No ETA before a run is this old, and none more often (see refreshEta). */
const ETA_AFTER_MS = 2000;
import { effectiveAgents } from './effectiveAgents.js';

export interface EngineOptions {
  /** @default a new `exec_YYYYMMDD-HHMMSS-xxxx` id */
  runId?: string;
  /** @default the real clock; tests and simulations pass a `VirtualClock` */
  clock?: Clock;
  /** Runs every job. @default `createExecutor({ functions })` (child processes, piscina, functions) */
  executor?: Executor;
  /** JS functions for agent types whose executor is `function`. */
  functions?: Record<string, AgentFunction>;
  /** Run directory root: logs go to `<workspace>/.tpe/runs/<runId>/`. @default process.cwd() */
  workspace?: string;
  /** Overrides the plan's strategy. */
  strategy?: Strategy;
  /** Overrides agent counts per type: `{ shell: 8 }`. */
  agents?: Record<string, number>;
  /** Stop the run at the first ticket that fails for good. @default false */
  failFast?: boolean;
  /** Overtakes after which a waiting ticket reserves what it waits for. @default 8 */
  agingLimit?: number;
  /** A precomputed analysis of `plan` (saves recomputing it). */
  analysis?: PlanAnalysis;
  /** A pino logger that receives every event of the run (one JSON line each). @default none */
  logger?: Logger;
  /** Where transitions and started processes are recorded (see `RunStore.journal`). @default none: nothing survives the process */
  journal?: RunJournal;
  /** The tickets as a journal last saw them: the engine continues a run instead of starting one. */
  restore?: ReadonlyArray<RestoredTicket | undefined>;
}

export interface Engine {
  readonly runId: string;
  readonly plan: CompiledPlan;
  readonly analysis: PlanAnalysis;
  /** Where per-ticket logs go. */
  readonly logDir: string;
  /** Subscribes to the run's events; returns the unsubscribe function. */
  on(listener: EngineListener): () => void;
  /** Starts the run; resolves with its result when it ends. Calling it again returns the same promise. */
  start(): Promise<RunResult>;
  /** The run's result, once it ends (the promise `start` returns). */
  readonly result: Promise<RunResult>;
  /** Stops dispatching. With `wait`, running tickets finish; without, they are interrupted and re-queued. Resolves once paused. */
  pause(options?: { wait?: boolean }): Promise<void>;
  resume(): void;
  /** Graceful: running tickets finish. `force`: they are killed at once. Resolves with the result. */
  stop(options?: { force?: boolean }): Promise<RunResult>;
  hold(ticketId: string): TicketState;
  release(ticketId: string): TicketState;
  cancel(ticketId: string, reason?: string): TicketState;
  setPriority(ticketId: string, priority: Priority): void;
  /** Sets an agent type's pool size: new agents start idle, surplus ones retire (busy ones after their ticket). */
  setAgents(agentType: string, count: number): { added: string[]; retiring: string[] };
  /** Changes every agent type's pool size by `delta` (each keeps at least one agent). */
  setParallelism(delta: number): Record<string, number>;
  /** Changes a resource's capacity. */
  setCapacity(resource: string, capacity: number): void;
  /**
   * Takes over `extended`: the run's plan with tickets added after its own
   * (see `extendPlan`). The new tickets are dispatched like any other.
   * @returns the ids added
   */
  addTickets(extended: CompiledPlan): string[];
  state(): SupervisorState;
  ticketState(ticketId: string): TicketState;
  /** The run as others see it (status, monitor, dashboards). */
  snapshot(options?: SnapshotOptions): RunSnapshot;
  /** Why tickets that are neither running nor final wait (optionally the first `limit`, in the given states). */
  explainWaits(options?: { limit?: number; states?: readonly TicketState[] }): Array<{ ticket: string; state: TicketState; reason: WaitReason }>;
  /** The supervisor actor, for inspection. */
  readonly supervisor: ReturnType<typeof createActor<typeof supervisorMachine>>;
}

/** Internal handle the simulator drives: true when no batched notification is pending. */
export interface EngineInternals {
  engine: Engine;
  isQuiescent(): boolean;
}

export function createEngine(plan: CompiledPlan, options: EngineOptions = {}): Engine {
  return createEngineInternal(plan, options).engine;
}

export function createEngineInternal(plan: CompiledPlan, options: EngineOptions = {}): EngineInternals {
  const clock = options.clock ?? realClock;
  const runId = options.runId ?? newRunId();
  const strategy = options.strategy ?? plan.strategy;
  let analysis = options.analysis ?? analyzePlan(plan);
  const agents = effectiveAgents(plan, analysis, strategy, options.agents);
  let runPlan: CompiledPlan = { ...plan, strategy, agents };
  const workspace = resolve(options.workspace ?? process.cwd());
  const runDir = join(workspace, '.tpe', 'runs', runId);
  const logDir = join(runDir, 'logs');
  // With a journal, process attempts leave their exit code here for a resumed run.
  const exitDir = options.journal ? join(runDir, 'attempts') : undefined;
  if (exitDir) mkdirSync(exitDir, { recursive: true, mode: 0o700 });
  const ownsExecutor = options.executor === undefined;
  const executor = options.executor ?? createExecutor(options.functions ? { functions: options.functions } : {});
  const hub = new EventHub();
  if (options.logger) hub.on(pinoReporter(options.logger.child({ runId })));
  const pool = new AgentPool(agents, hub, () => clock.now());
  const coordinator = new Coordinator({
    plan: runPlan,
    analysis,
    runId,
    strategy,
    clock,
    executor,
    hub,
    pool,
    logDir,
    concurrencyLimit: strategy === 'sequential' ? 1 : Number.POSITIVE_INFINITY,
    agingLimit: options.agingLimit ?? 8,
    journal: options.journal,
    exitDir,
  });
  coordinator.init(options.restore);

  const providedAgent = agentMachine.provide({
    actions: {
      // Worker threads are replaced by their pool and processes need nothing:
      // the slot is ready again as soon as the crash is recorded.
      replaceAgent: ({ context }) => {
        const slot = pool.slotOf(context.agentId);
        if (slot !== undefined) queueMicrotask(() => pool.send(slot, { type: 'REPLACED' }));
      },
    },
  });
  const machine = supervisorMachine.provide({
    actors: { agent: providedAgent },
    actions: {
      dispatch: () => coordinator.dispatch(),
      releaseAgents: () => pool.releasePending(),
      interruptRunning: () => coordinator.interruptRunning(),
      requeueInterrupted: () => coordinator.requeueInterrupted(),
      cancelRemaining: () => coordinator.cancelRemaining('fail-fast: another ticket failed'),
    },
  });
  const supervisor = createActor(machine, {
    clock,
    input: { runId, agents: pool.inputs(), failFast: options.failFast ?? false, remaining: coordinator.counts().remaining },
  });

  // Ticket changes reach the supervisor in batches: one TICKETS_CHANGED per
  // turn of the event loop, whatever the number of tickets that changed.
  let flushPending = false;
  let commitTimer: unknown;
  const flush = () => {
    flushPending = false;
    // The journal lags at most JOURNAL_INTERVAL_MS (and nothing dependent starts before it is committed).
    coordinator.commitJournalIfDue();
    if (options.journal && commitTimer === undefined) {
      commitTimer = clock.setTimeout(() => {
        commitTimer = undefined;
        coordinator.commitJournal();
      }, JOURNAL_INTERVAL_MS);
    }
    if (supervisor.getSnapshot().status !== 'active') return;
    supervisor.send({ type: 'TICKETS_CHANGED', ...coordinator.counts() });
  };
  coordinator.onChange = () => {
    if (flushPending) return;
    flushPending = true;
    setImmediate(flush);
  };

  let startedAt: number | undefined;
  let endedAt: number | undefined;
  let started = false;
  let resolveResult!: (r: RunResult) => void;
  let rejectResult!: (e: unknown) => void;
  const result = new Promise<RunResult>((res, rej) => {
    resolveResult = res;
    rejectResult = rej;
  });
  let lastState: SupervisorState = 'validating';
  const stateWaiters: Array<{ until: (s: SupervisorState) => boolean; resolve: () => void }> = [];

  supervisor.subscribe({
    next: (snap) => {
      const to = snap.value as SupervisorState;
      if (to !== lastState) {
        // A paused, stopping or ended run has its journal on disk now.
        coordinator.commitJournal();
        const from = lastState;
        lastState = to;
        if (hub.active) hub.emit({ type: 'run.state', at: clock.now(), from, to });
        for (const w of [...stateWaiters]) {
          if (w.until(to)) {
            stateWaiters.splice(stateWaiters.indexOf(w), 1);
            w.resolve();
          }
        }
      }
      if (snap.status === 'done') void finish(to);
    },
    error: (err) => rejectResult(err),
  });

  const finish = async (state: SupervisorState) => {
    try {
      await coordinator.whenIdle();
      if (commitTimer !== undefined) clock.clearTimeout(commitTimer);
      coordinator.commitJournal();
      if (ownsExecutor) await executor.close?.();
      const status = state === 'completed' ? 'completed' : state === 'failed' ? 'failed' : 'stopped';
      endedAt = clock.now();
      const run = buildRunResult(coordinator, pool, { runId, status, startedAt: startedAt ?? clock.now(), endedAt: clock.now() });
      hub.emit({ type: 'run.finished', at: clock.now(), result: run });
      resolveResult(run);
    } catch (err) {
      rejectResult(err);
    }
  };

  const indexOf = (ticketId: string): number => {
    const i = ticketIndex.get(ticketId.toLowerCase());
    if (i === undefined) throw new UsageError(`unknown ticket "${ticketId}"`);
    return i;
  };
  const ticketIndex = new Map(runPlan.tickets.map((t) => [t.id.toLowerCase(), t.index]));
  const until = (pred: (s: SupervisorState) => boolean) =>
    pred(lastState) ? Promise.resolve() : new Promise<void>((res) => stateWaiters.push({ until: pred, resolve: res }));
  const isFinal = (s: SupervisorState) => s === 'completed' || s === 'failed' || s === 'stopped';

  /** Starts the supervisor and announces the run, once; false when it was already done. */
  function boot(): boolean {
    if (started) return false;
    started = true;
    startedAt = clock.now();
    supervisor.start();
    pool.attach(supervisor.getSnapshot().children);
    hub.emit({
      type: 'run.started',
      at: startedAt,
      runId,
      planName: runPlan.name,
      tickets: runPlan.tickets.length,
      agents: pool.slots.length,
      logDir,
    });
    return true;
  }

  const engine: Engine = {
    runId,
    get plan() {
      return runPlan;
    },
    get analysis() {
      return analysis;
    },
    logDir,
    supervisor,
    result,
    on: (listener) => hub.on(listener),
    start() {
      if (boot()) supervisor.send({ type: 'START' });
      return result;
    },
    async pause(opts = {}) {
      supervisor.send({ type: 'PAUSE', wait: opts.wait ?? false, running: coordinator.counts().running });
      await until((s) => s === 'paused' || isFinal(s));
    },
    resume() {
      supervisor.send({ type: 'RESUME' });
    },
    stop(opts = {}) {
      // Stopping a run that never started ends it at once (validating → stopped): the
      // supervisor starts, but START is never sent, so nothing is dispatched.
      boot();
      supervisor.send({ type: 'STOP', force: opts.force ?? false, running: coordinator.counts().running });
      return result;
    },
    hold: (id) => coordinator.signal(indexOf(id), { type: 'HOLD' }),
    release: (id) => {
      const s = coordinator.signal(indexOf(id), { type: 'RELEASE' });
      coordinator.onChange();
      return s;
    },
    cancel: (id, reason = 'cancelled by the user') => coordinator.signal(indexOf(id), { type: 'CANCEL', reason }),
    setPriority: (id, priority) => {
      coordinator.setPriority(indexOf(id), priority);
      coordinator.onChange();
    },
    setAgents(agentType, count) {
      if (!agents.some((a) => a.name === agentType)) {
        throw new UsageError(`unknown agent type "${agentType}" (known: ${agents.map((a) => a.name).join(', ')})`);
      }
      if (!Number.isInteger(count) || count < 1) throw new UsageError(`agent count for ${agentType}: expected a positive integer, found ${count}`);
      const live = pool.liveCount(agentType);
      const result = { added: [] as string[], retiring: [] as string[] };
      if (count > live) {
        const inputs = pool.add(agentType, count - live);
        supervisor.send({ type: 'SPAWN_AGENTS', agents: inputs });
        pool.attach(supervisor.getSnapshot().children);
        result.added = inputs.map((a) => a.agentId);
      } else if (count < live) {
        result.retiring = pool.retire(agentType, live - count);
      }
      supervisor.send({ type: 'ADJUSTED' });
      return result;
    },
    setParallelism(delta) {
      const out: Record<string, number> = {};
      for (const a of agents) {
        const next = Math.max(1, pool.liveCount(a.name) + delta);
        engine.setAgents(a.name, next);
        out[a.name] = next;
      }
      return out;
    },
    addTickets(extended) {
      if (isFinal(lastState)) throw new UsageError(`the run has ended (${lastState}): tickets cannot be added to it`);
      const old = runPlan.tickets;
      if (extended.tickets.length <= old.length || old.some((t, i) => extended.tickets[i]?.id !== t.id)) {
        throw new UsageError('an extended plan must keep every ticket of the run at its place and add some after them (see extendPlan)');
      }
      runPlan = { ...extended, strategy, agents };
      analysis = analyzePlan(runPlan);
      const added = runPlan.tickets.slice(old.length).map((t) => t.id);
      for (const t of runPlan.tickets.slice(old.length)) ticketIndex.set(t.id.toLowerCase(), t.index);
      coordinator.extend(runPlan, analysis);
      hub.emit({ type: 'run.extended', at: clock.now(), tickets: added });
      supervisor.send({ type: 'ADJUSTED' });
      return added;
    },
    setCapacity(resource, capacity) {
      if (!(resource in runPlan.resources)) {
        throw new UsageError(`unknown resource "${resource}" (known: ${Object.keys(runPlan.resources).join(', ') || 'none'})`);
      }
      if (!Number.isInteger(capacity) || capacity < 1) throw new UsageError(`capacity of ${resource}: expected a positive integer, found ${capacity}`);
      coordinator.setCapacity(resource, capacity);
      supervisor.send({ type: 'ADJUSTED' });
    },
    state: () => lastState,
    ticketState: (id) => coordinator.stateOf(indexOf(id)),
    snapshot: (opts = {}) => {
      refreshEta();
      const now = clock.now();
      const etaMs = isFinal(lastState) ? 0 : eta.value === undefined ? undefined : Math.max(0, eta.value - (now - eta.at));
      return buildRunSnapshot({ runId, planName: runPlan.name, planFile: runPlan.file, state: lastState, now, startedAt, endedAt, etaMs }, coordinator, pool, analysis, opts);
    },
    explainWaits: (opts = {}) =>
      coordinator
        .explainWaits(opts.limit, opts.states ? new Set(opts.states) : undefined)
        .map((w) => ({ ticket: runPlan.tickets[w.index]?.id as string, state: w.state, reason: w.reason })),
  };

  // The ETA is a simulation of what is left: seconds of CPU for a big plan. It
  // runs only when someone looks (a snapshot is asked for), in the background,
  // at most every ten times as long as it took (at least every 2 s), and not
  // in a run's first 2 s: the simulation of a 10,000-ticket plan blocks the
  // engine for half a second, which would double a run that ends sooner
  // than anyone could read its ETA.
  const eta = { value: undefined as number | undefined, at: 0, tookMs: 0, running: false };
  function refreshEta(): void {
    const now = clock.now();
    if (eta.running || !started || isFinal(lastState) || startedAt === undefined || now - startedAt < ETA_AFTER_MS) return;
    if (now - eta.at < Math.max(ETA_AFTER_MS, 10 * eta.tookMs)) return;
    eta.running = true;
    const n = runPlan.tickets.length;
    const states = Array.from({ length: n }, (_, i) => coordinator.stateOf(i));
    const since: Array<number | undefined> = new Array(n);
    for (const slot of pool.slots) {
      if (slot.state !== 'busy' || slot.ticket === undefined) continue;
      const i = coordinator.indexOf(slot.ticket);
      if (i !== undefined) since[i] = slot.since;
    }
    const ratio = observedRatio(runPlan.tickets.map((t, i) => ({ estimateMs: t.estimateMs, busyMs: coordinator.busyMs[i] as number, state: states[i] as TicketState })));
    const agentsNow = Object.fromEntries(agents.map((a) => [a.name, Math.max(1, pool.liveCount(a.name))]));
    const t0 = performance.now();
    estimateRemaining(runPlan, { states, startedAt: since, now, actualToEstimate: ratio, agents: agentsNow, strategy })
      .then((value) => Object.assign(eta, { value: Number.isFinite(value) ? value : undefined, at: now, tookMs: performance.now() - t0, running: false }))
      .catch(() => Object.assign(eta, { running: false, at: now }));
  }

  return { engine, isQuiescent: () => !flushPending };
}
