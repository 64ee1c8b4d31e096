/**
 * `tpe status [run]` (alias `show-agent-status`) and `tpe runs`: what runs and
 * how far they got, from the live engine when there is one, else the store.
 */
import { sendControl } from '../../runtime/control/sendControl.js';
import type { RunSnapshot, RunState } from '../../runtime/runSnapshot.js';
import { snapshotFromStore } from '../../runtime/store/snapshotFromStore.js';
import { RunStore } from '../../runtime/store/RunStore.js';
import { formatDuration } from '../../plan/index.js';
import type { CliIO } from '../io.js';
import { effectiveStatus, findRun } from '../findRun.js';
import { isLive } from '../../runtime/control/sendControl.js';
import { renderTable } from '../render/renderTable.js';
import { renderStatus } from '../render/renderStatus.js';
import { styleFor } from '../render/style.js';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';

export interface StatusCliOptions {
  workspace?: string;
  format?: string;
  includeMetrics?: boolean;
  detailed?: boolean;
  agent?: string;
}

/** The snapshot of a run: live through its socket, else from the store. */
export async function readSnapshot(runArg: string | undefined, workspace: string | undefined, cwd: string, full: boolean): Promise<RunSnapshot> {
  const found = await findRun(runArg, workspace, cwd);
  try {
    if (found.live) return (await sendControl(found.run.socket as string, { op: 'status', tickets: full, waitLimit: 20 })) as RunSnapshot;
    return snapshotFromStore(found.store, found.run, effectiveStatus(found.run, false) as RunState, Date.now());
  } finally {
    found.store.close();
  }
}

export async function statusCommand(runArg: string | undefined, opts: StatusCliOptions, io: CliIO): Promise<number> {
  const format = opts.format ?? 'table';
  if (format !== 'table' && format !== 'json') throw new UsageError(`--format ${format}: expected table or json`);
  const snap = await readSnapshot(runArg, opts.workspace, io.cwd, format === 'json' || opts.detailed === true);
  if (opts.agent) snap.agents = snap.agents.filter((a) => a.id === opts.agent);
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify(snap, null, 2)}\n`);
    return 0;
  }
  io.stdout.write(`${renderStatus(snap, { style: styleFor(io.stdout, io.env), width: io.stdout.columns ?? 100, detailed: opts.detailed ?? false, metrics: opts.includeMetrics ?? false })}\n`);
  return 0;
}

export async function runsCommand(opts: { workspace?: string; json?: boolean; limit?: string }, io: CliIO): Promise<number> {
  const workspace = resolve(io.cwd, opts.workspace ?? '.');
  let store: RunStore;
  try {
    store = RunStore.open(workspace);
  } catch {
    throw new UsageError(`cannot open the run store in ${workspace}`);
  }
  try {
    const runs = store.listRuns(Number(opts.limit ?? 20));
    const rows = await Promise.all(
      runs.map(async (r) => {
        const live = r.socket !== undefined && (await isLive(r.socket));
        const snap = snapshotFromStore(store, r, effectiveStatus(r, live) as RunState, Date.now());
        return { id: r.id, plan: r.planName, status: effectiveStatus(r, live), live, started: r.startedAt, ended: r.endedAt, total: snap.total, counts: snap.counts };
      }),
    );
    if (opts.json) {
      io.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    if (rows.length === 0) {
      io.stdout.write(`no runs in ${workspace}\n`);
      return 0;
    }
    io.stdout.write(
      `${renderTable(
        ['Run', 'Plan', 'Status', 'Completed', 'Failed', 'Started', 'Duration'],
        rows.map((r) => [
          r.id,
          r.plan,
          r.status,
          `${r.counts.completed ?? 0}/${r.total}`,
          String((r.counts.failed ?? 0) + (r.counts.blocked ?? 0)),
          r.started ? new Date(r.started).toISOString().replace('T', ' ').slice(0, 19) : '-',
          r.started ? formatDuration((r.ended ?? Date.now()) - r.started) : '-',
        ]),
      )}\n`,
    );
    return 0;
  } finally {
    store.close();
  }
}
