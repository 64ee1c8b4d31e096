/**
 * Continues a run whose engine is gone (stopped, or killed at any moment):
 * kills the processes it left behind, adopts the outcome of attempts that
 * finished meanwhile, and runs the rest with a new engine on the same journal.
 * Completed tickets stay completed; interrupted attempts run again as new ones.
 *
 * Before it touches any process, exit file or journal row it takes the run
 * (`RunStore.takeRun`): of several resumes started at once exactly one goes
 * on, and a run whose engine still lives (even stopped with SIGSTOP) is not
 * taken from it. The others throw a `RunOwnedError` naming the owner.
 */
import { RunCompletedError, UsageError } from '../../errors.js';
import type { CompiledPlan } from '../../plan/types.js';
import { createEngine, type EngineOptions } from '../createEngine.js';
import { socketPathFor } from '../control/socketPathFor.js';
import { join } from 'node:path';
import { initialTicketContext } from '../../machines/ticketMachine.js';
import { exitFileFor, exitTagFor } from '../jobForTicket.js';
import { readExitFile } from '../recovery/readExitFile.js';
import { findRunProcesses } from '../recovery/findRunProcesses.js';
import { killOrphans, type OrphanReport } from '../recovery/killOrphans.js';
import { recoverTickets } from '../recovery/recoverTickets.js';
import type { RunRecord, RunStore } from '../store/RunStore.js';
import { RunOwnership } from './RunOwnership.js';
import { superviseDurably, type DurableRun } from './superviseDurably.js';

export interface ResumeOptions extends Omit<EngineOptions, 'journal' | 'restore' | 'runId' | 'workspace' | 'analysis'> {
  /** Continue with this plan instead of the recorded one (after `--validate-state` found the changes safe). */
  plan?: CompiledPlan;
  /** Told about every registry ticket file that could not be updated. */
  onRegistryError?: (err: unknown, file: string) => void;
}

export interface ResumeReport {
  orphans: OrphanReport;
  adopted: string[];
  requeued: string[];
}

export async function resumeDurableRun(
  store: RunStore,
  runId: string,
  workspace: string,
  options: ResumeOptions = {},
): Promise<DurableRun & { report: ResumeReport }> {
  if (!store.getRun(runId)) throw new UsageError(`no run ${runId} in this workspace`);
  const now = () => (options.clock ?? { now: Date.now }).now();
  const ownership = new RunOwnership(store, now);
  ownership.lease = store.takeRunOrThrow(runId, now());
  try {
    // Read again once owned: the engine that held the run until a moment ago may have finished it.
    const run = store.getRun(runId) as RunRecord;
    if (run.status === 'completed') throw new RunCompletedError(runId);
    return await continueRun(store, run, workspace, options, ownership, now);
  } catch (err) {
    // Nothing runs: the run is free for the next resume.
    ownership.release();
    throw err;
  }
}

async function continueRun(
  store: RunStore,
  run: RunRecord,
  workspace: string,
  options: ResumeOptions,
  ownership: RunOwnership,
  now: () => number,
): Promise<DurableRun & { report: ResumeReport }> {
  const runId = run.id;
  const recorded = store.planOf(runId) as CompiledPlan;
  const plan = options.plan ?? recorded;
  const processes = store.processes(runId);
  // First make sure nothing of the dead engine still runs: what it recorded, and
  // what it started without having had the time to record it.
  const unrecorded = findRunProcesses(runId).map((p) => ({ pid: p.pgid, startTicks: undefined }));
  const orphans = await killOrphans([...processes, ...unrecorded], plan.killGraceMs);
  const last = lastStatesById(store.lastStates(runId, recorded.tickets.length), recorded, plan);
  const exitDir = join(run.runDir, 'attempts');
  const recovered = recoverTickets({
    last,
    processes: processes.map((p) => ({ ...p, ticket: mapIndex(recorded, plan, p.ticket) })),
    exitCode: (i, attempt) => {
      const id = plan.tickets[i]?.id;
      return id === undefined ? undefined : readExitFile(exitFileFor(exitDir, id, attempt), exitTagFor(runId, id, attempt));
    },
    initialContext: (i) => {
      const t = plan.tickets[i] as CompiledPlan['tickets'][number];
      return initialTicketContext({ retries: t.retries, gates: t.validate.length, hasRollback: t.rollback !== undefined, backoffMs: t.backoffMs }, true);
    },
  });
  const socketPath = socketPathFor(run.runDir, runId);
  store.setStatus(runId, 'running', { pid: process.pid, socket: socketPath, endedAt: null }, ownership.lease);
  store.event(runId, now(), 'resumed', { orphansKilled: orphans.killed.length, adopted: recovered.adopted.length, requeued: recovered.requeued.length });
  const { plan: _ignored, onRegistryError: _onRegistryError, ...engineOptions } = options;
  const engine = createEngine(plan, {
    ...engineOptions,
    workspace,
    runId,
    journal: store.journal(runId, ownership.journalOptions()),
    restore: recovered.restore,
    strategy: options.strategy ?? (run.options.strategy as CompiledPlan['strategy']),
    failFast: options.failFast ?? run.options.failFast ?? false,
    ...(run.options.agents && !options.agents ? { agents: run.options.agents } : {}),
  });
  // The registry is synced as the run was started: on unless it was turned off, moving files if it did.
  const registry = run.options.syncRegistry === false ? false : { move: run.options.moveFiles ?? false, ...(options.onRegistryError ? { onError: options.onRegistryError } : {}) };
  const durable = await superviseDurably(engine, store, ownership, socketPath, now, registry);
  const idOf = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  return { ...durable, report: { orphans, adopted: recovered.adopted.map(idOf), requeued: recovered.requeued.map(idOf) } };
}

/** The recorded states re-indexed for `plan` (the same plan, or a changed one after --validate-state). */
function lastStatesById<T>(last: ReadonlyArray<T | undefined>, recorded: CompiledPlan, plan: CompiledPlan): Array<T | undefined> {
  if (plan === recorded) return [...last];
  const out: Array<T | undefined> = new Array(plan.tickets.length);
  const index = new Map(plan.tickets.map((t) => [t.id.toLowerCase(), t.index]));
  recorded.tickets.forEach((t, i) => {
    const j = index.get(t.id.toLowerCase());
    if (j !== undefined) out[j] = last[i];
  });
  return out;
}

function mapIndex(recorded: CompiledPlan, plan: CompiledPlan, i: number): number {
  if (plan === recorded) return i;
  const id = recorded.tickets[i]?.id.toLowerCase();
  return plan.tickets.find((t) => t.id.toLowerCase() === id)?.index ?? -1;
}
