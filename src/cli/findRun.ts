/**
 * Which run a command means: the one named, or the workspace's most recent.
 * Opens the workspace's store; the caller closes it.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { isLive } from '../runtime/control/sendControl.js';
import { effectiveRunStatus } from '../runtime/store/recordedRunFromStore.js';
import { RunStore, storePath, type RunRecord } from '../runtime/store/RunStore.js';

export interface FoundRun {
  store: RunStore;
  run: RunRecord;
  workspace: string;
  /** True when the run's engine answers on its socket. */
  live: boolean;
}

/** Opens the store; `onNotice` is told of store files whose mode it tightened (see `secureWorkspace`). */
export async function findRun(runId: string | undefined, workspaceOption: string | undefined, cwd: string, onNotice?: (message: string) => void): Promise<FoundRun> {
  const workspace = resolve(cwd, workspaceOption ?? '.');
  if (!existsSync(storePath(workspace))) throw new UsageError(`no runs in ${workspace} (no .tpe/tpe.db): start one with \`tpe run <plan>\``);
  const store = RunStore.open(workspace, onNotice ? { onNotice } : {});
  const run = runId ? (store.getRun(runId) ?? store.listRuns(1000).find((r) => r.id.endsWith(runId))) : store.latestRun();
  if (!run) {
    store.close();
    throw new UsageError(runId ? `no run "${runId}" in ${workspace} (see \`tpe runs\`)` : `no runs in ${workspace}`);
  }
  const live = run.socket !== undefined && (await isLive(run.socket));
  return { store, run, workspace, live };
}

/** A stored status, corrected for a run whose engine is gone without saying so. */
export function effectiveStatus(run: RunRecord, live: boolean): string {
  return effectiveRunStatus(run, live);
}
