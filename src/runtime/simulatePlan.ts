/**
 * Simulation: the engine itself on a virtual clock, with executors that take
 * each ticket's estimate. Used by `run --dry-run`, `simulate` and the ETA.
 * Not a second scheduler: real and predicted schedules come from one code path.
 */
import type { PlanAnalysis } from '../plan/analysisTypes.js';
import type { CompiledPlan, Strategy } from '../plan/types.js';
import { analyzePlan } from '../plan/index.js';
import { createEngineInternal, type Engine, type EngineInternals } from './createEngine.js';
import type { EngineListener } from './events.js';
import type { RunResult } from './runResult.js';
import { createSimulatedExecutor, type SimulatedExecutorOptions } from './simulatedExecutor.js';
import { VirtualClock } from './virtualClock.js';

export interface SimulationOptions {
  strategy?: Strategy;
  agents?: Record<string, number>;
  analysis?: PlanAnalysis;
  failFast?: boolean;
  /** Scripted durations and outcomes (tests). */
  durationOf?: SimulatedExecutorOptions['durationOf'];
  outcomeOf?: SimulatedExecutorOptions['outcomeOf'];
  /** Receives every event of the simulated run. */
  listener?: EngineListener;
  /** Called once the engine exists and before it starts (tests schedule pauses and stops on the clock). */
  setup?: (engine: Engine, clock: VirtualClock) => void;
}

export interface SimulatedTicket {
  id: string;
  agentId: string | undefined;
  start: number | undefined;
  end: number | undefined;
  state: string;
}

export interface SimulationResult {
  /** Predicted time from start to the last ticket's end, in ms. */
  makespanMs: number;
  /** max(critical path, work ÷ agents), per agent type: no schedule can beat it. */
  lowerBoundMs: number;
  tickets: SimulatedTicket[];
  /** Predicted start and end of each planning group. */
  groups: Array<{ id: number; tickets: string[]; start: number; end: number }>;
  agents: number;
  result: RunResult;
}

/** Yields to the event loop once: microtasks drain and pending immediates run. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export async function simulatePlan(plan: CompiledPlan, options: SimulationOptions = {}): Promise<SimulationResult> {
  const analysis = options.analysis ?? analyzePlan(plan);
  const clock = new VirtualClock(0);
  const simOptions: SimulatedExecutorOptions = { defaultEstimateMs: plan.defaultEstimateMs };
  if (options.durationOf) simOptions.durationOf = options.durationOf;
  if (options.outcomeOf) simOptions.outcomeOf = options.outcomeOf;
  const internals = createEngineInternal(plan, {
    clock,
    executor: createSimulatedExecutor(clock, simOptions),
    runId: 'simulation',
    analysis,
    failFast: options.failFast ?? false,
    ...(options.strategy ? { strategy: options.strategy } : {}),
    ...(options.agents ? { agents: options.agents } : {}),
  });
  const engine = internals.engine;
  if (options.listener) engine.on(options.listener);
  options.setup?.(engine, clock);
  const result = await runOnVirtualClock(internals, clock);

  const tickets: SimulatedTicket[] = result.tickets.map((t) => ({ id: t.id, agentId: t.agentId, start: t.startedAt, end: t.endedAt, state: t.state }));
  // Loops, not Math.max(...spread): a spread of 100,000 arguments overflows the stack.
  let makespanMs = 0;
  for (const t of tickets) makespanMs = Math.max(makespanMs, t.end ?? 0);
  const groups = analysis.groups.map((g) => {
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    for (const i of g.tickets) {
      const t = tickets[i] as SimulatedTicket;
      start = Math.min(start, t.start ?? Number.POSITIVE_INFINITY);
      end = Math.max(end, t.end ?? 0);
    }
    return { id: g.id, tickets: g.tickets.map((i) => (tickets[i] as SimulatedTicket).id), start, end };
  });
  const agents = engine.plan.agents.reduce((n, a) => n + a.count, 0);
  return { makespanMs, lowerBoundMs: lowerBound(engine.plan, analysis), tickets, groups, agents, result };
}

/**
 * Runs an engine built on `clock` to its end: a discrete-event loop that lets
 * the engine react until nothing is pending, then jumps the clock to the next
 * timer (a ticket finishing, a backoff ending, a scheduled pause).
 */
export async function runOnVirtualClock(internals: EngineInternals, clock: VirtualClock): Promise<RunResult> {
  const engine = internals.engine;
  let finished = false;
  const done = engine.start().finally(() => {
    finished = true;
  });
  while (!finished) {
    await turn();
    if (finished || !internals.isQuiescent()) continue;
    if (!clock.advanceToNext()) {
      await turn();
      if (!finished && internals.isQuiescent() && clock.pending === 0) {
        const waits = engine.explainWaits({ limit: 5 }).map((w) => `${w.ticket} (${w.reason.kind})`);
        throw new Error(`simulation cannot progress: nothing runs and nothing is scheduled; waiting: ${waits.join(', ')}`);
      }
    }
  }
  return done;
}

/** max(critical path, Σ work of a type ÷ agents of that type). */
export function lowerBound(plan: CompiledPlan, analysis: PlanAnalysis): number {
  const work = new Map<string, number>();
  for (const t of plan.tickets) work.set(t.agent, (work.get(t.agent) ?? 0) + (t.estimateMs ?? plan.defaultEstimateMs));
  let bound = analysis.criticalPath.totalMs;
  for (const a of plan.agents) bound = Math.max(bound, (work.get(a.name) ?? 0) / Math.max(1, a.count));
  return bound;
}
