/**
 * A recorded run, made deterministically: the real engine with its journal in
 * a real run store (SQLite, in a temp workspace), on a virtual clock, each
 * ticket taking the time the test scripts. What `tpe run` records, with
 * exact times.
 */
import { join } from 'node:path';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { createEngineInternal } from '../../../src/runtime/createEngine.js';
import type { EngineJob } from '../../../src/runtime/jobForTicket.js';
import type { RunResult } from '../../../src/runtime/runResult.js';
import { createSimulatedExecutor } from '../../../src/runtime/simulatedExecutor.js';
import { runOnVirtualClock } from '../../../src/runtime/simulatePlan.js';
import { RunStore } from '../../../src/runtime/store/RunStore.js';
import { VirtualClock } from '../../../src/runtime/virtualClock.js';
import type { ExecutionResult } from '../../../src/actors/types.js';

export interface RecordOptions {
  runId: string;
  /** Actual duration of each ticket's work by id (default: its estimate). */
  actual?: Record<string, number>;
  /** Attempts (by ticket id) that fail, retryably: `{ 'API-1': [1] }`. */
  failing?: Record<string, number[]>;
  /** Engine-clock time of the run's start. @default 0 */
  start?: number;
}

export async function recordRun(plan: CompiledPlan, workspace: string, options: RecordOptions): Promise<RunResult> {
  const store = RunStore.open(workspace);
  const clock = new VirtualClock(options.start ?? 0);
  const executor = createSimulatedExecutor(clock, {
    defaultEstimateMs: plan.defaultEstimateMs,
    durationOf: (job: EngineJob) => (job.meta.phase === 'work' ? (options.actual?.[job.meta.ticketId] ?? job.meta.estimateMs ?? plan.defaultEstimateMs) : 0),
    outcomeOf: (job: EngineJob): ExecutionResult | undefined =>
      options.failing?.[job.meta.ticketId]?.includes(job.meta.attempt) && job.meta.phase === 'work'
        ? { ok: false, error: { code: 'EXIT_CODE', message: 'scripted failure', retryable: true }, durationMs: 0 }
        : undefined,
  });
  try {
    const internals = createEngineInternal(plan, { clock, executor, runId: options.runId, workspace, journal: store.journal(options.runId) });
    const engine = internals.engine;
    store.createRun(
      {
        id: options.runId,
        planName: engine.plan.name,
        planFile: plan.file,
        planHash: 'test',
        options: { strategy: engine.plan.strategy },
        status: 'running',
        tickets: plan.tickets.length,
        runDir: join(workspace, '.tpe', 'runs', options.runId),
        socket: undefined,
        pid: undefined,
        startedAt: clock.now(),
      },
      JSON.stringify(engine.plan),
      clock.now(),
    );
    const result = await runOnVirtualClock(internals, clock);
    store.setStatus(options.runId, result.status, { endedAt: result.endedAt });
    return result;
  } finally {
    store.close();
  }
}
