/**
 * A new run that survives its process: recorded in the workspace's store
 * (`.tpe/tpe.db`), journaled as it goes, steerable through its control socket.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CompiledPlan } from '../../plan/types.js';
import { createEngine, type EngineOptions } from '../createEngine.js';
import { socketPathFor } from '../control/socketPathFor.js';
import { newRunId } from '../runId.js';
import { RunStore } from '../store/RunStore.js';
import { RunOwnership } from './RunOwnership.js';
import { superviseDurably, type DurableRun, type RegistryOptions } from './superviseDurably.js';

export interface DurableRunOptions extends Omit<EngineOptions, 'journal' | 'restore' | 'runId'> {
  runId?: string;
  /** The plan file's text, for the hash that tells a resumed run whether the file changed. */
  planText?: string;
  /** Registry sync: on by default when the tickets come from a registry folder; `false` turns it off. */
  registry?: RegistryOptions | false;
  /** Told, one line each, about store paths whose mode was tightened to their user only. */
  onNotice?: (message: string) => void;
}

export async function startDurableRun(plan: CompiledPlan, options: DurableRunOptions = {}): Promise<DurableRun & { store: RunStore }> {
  const workspace = resolve(options.workspace ?? process.cwd());
  const runId = options.runId ?? newRunId();
  const runDir = join(workspace, '.tpe', 'runs', runId);
  // The store first: it makes (or tightens) `.tpe/` to its user only.
  const store = RunStore.open(workspace, options.onNotice ? { onNotice: options.onNotice } : {});
  // Only the run's user may read its logs or reach its socket.
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const socketPath = socketPathFor(runDir, runId);
  const now = () => (options.clock ?? { now: Date.now }).now();
  const { registry: _registry, planText: _planText, onNotice: _onNotice, ...engineOptions } = options;
  const ownership = new RunOwnership(store, now);
  const engine = createEngine(plan, { ...engineOptions, workspace, runId, journal: store.journal(runId, ownership.journalOptions()) });
  const planJson = JSON.stringify(engine.plan);
  // Recorded and owned in one transaction: no other engine can take a run between the two.
  ownership.lease = store.createRun(
    {
      id: runId,
      planName: engine.plan.name,
      planFile: plan.file,
      planHash: createHash('sha256').update(options.planText ?? planJson).digest('hex'),
      options: {
        strategy: engine.plan.strategy,
        failFast: options.failFast ?? false,
        ...(options.agents ? { agents: options.agents } : {}),
        syncRegistry: options.registry !== false,
        ...(options.registry && options.registry.move ? { moveFiles: true } : {}),
      },
      status: 'running',
      tickets: plan.tickets.length,
      runDir,
      socket: socketPath,
      pid: process.pid,
      startedAt: now(),
    },
    planJson,
    now(),
  );
  const run = await superviseDurably(engine, store, ownership, socketPath, now, options.registry);
  return { ...run, store };
}
