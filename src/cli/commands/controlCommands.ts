/**
 * The commands that steer a live run from another terminal, through its
 * control socket: `tpe pause`, `tpe stop`, `tpe adjust`.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { PRIORITIES, type Priority } from '../../plan/types.js';
import type { AdjustRequest } from '../../runtime/control/protocol.js';
import { sendControl } from '../../runtime/control/sendControl.js';
import type { RunSnapshot } from '../../runtime/runSnapshot.js';
import type { CliIO } from '../io.js';
import { effectiveStatus, findRun } from '../findRun.js';
import { storeNotice } from '../storeNotice.js';

interface Common {
  workspace?: string;
  json?: boolean;
}

async function liveRun(runArg: string | undefined, opts: Common, io: CliIO) {
  const found = await findRun(runArg, opts.workspace, io.cwd, storeNotice(io));
  found.store.close();
  if (!found.live) {
    throw new UsageError(`run ${found.run.id} is not running (${effectiveStatus(found.run, false)}): nothing to steer${effectiveStatus(found.run, false) === 'completed' ? '' : '; `tpe resume` continues it'}`);
  }
  return found;
}

function print(io: CliIO, opts: Common, json: unknown, text: string): void {
  if (opts.json) io.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  else io.stdout.write(`${text}\n`);
}

export async function pauseCommand(runArg: string | undefined, opts: Common & { waitForCompletion?: boolean }, io: CliIO): Promise<number> {
  const { run } = await liveRun(runArg, opts, io);
  const wait = opts.waitForCompletion ?? false;
  if (!opts.json) io.stderr.write(wait ? 'pausing: waiting for running tickets to finish…\n' : 'pausing: interrupting running tickets (they run again on resume)…\n');
  const snap = (await sendControl(run.socket as string, { op: 'pause', wait })) as RunSnapshot;
  print(io, opts, snap, `run ${run.id} paused: ${snap.counts.completed ?? 0}/${snap.total} completed, ${snap.counts.interrupted ?? 0} interrupted; \`tpe resume\` continues`);
  return 0;
}

export async function stopCommand(runArg: string | undefined, opts: Common & { force?: boolean }, io: CliIO): Promise<number> {
  const { run } = await liveRun(runArg, opts, io);
  const force = opts.force ?? false;
  if (!opts.json) io.stderr.write(force ? 'stopping now: killing running tickets…\n' : 'stopping: running tickets finish first…\n');
  const result = (await sendControl(run.socket as string, { op: 'stop', force })) as { status: string };
  print(io, opts, result, `run ${run.id} ${result.status}; state preserved (\`tpe resume ${run.id}\` continues)`);
  return 0;
}

export interface AdjustCliOptions extends Common {
  parallelism?: string;
  agents?: string[];
  priority?: string[];
  hold?: string[];
  release?: string[];
  cancel?: string[];
  capacity?: string[];
  /** A file of tickets to add. */
  add?: string;
}

export async function adjustCommand(runArg: string | undefined, opts: AdjustCliOptions, io: CliIO): Promise<number> {
  const adjust = parseAdjust(opts);
  if (opts.add !== undefined) adjust.add = resolve(io.cwd, opts.add);
  if (Object.keys(adjust).length === 0) throw new UsageError('nothing to adjust: give --parallelism, --agents, --priority, --hold, --release, --cancel, --capacity or --add');
  const { run } = await liveRun(runArg, opts, io);
  const changed = (await sendControl(run.socket as string, { op: 'adjust', adjust })) as Record<string, unknown>;
  print(io, opts, changed, Object.entries(changed).map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n'));
  return 0;
}

/** Flags to an AdjustRequest; every mistake is a usage error naming the flag. */
export function parseAdjust(opts: AdjustCliOptions): AdjustRequest {
  const out: AdjustRequest = {};
  if (opts.parallelism !== undefined) {
    if (!/^[+-]?\d+$/.test(opts.parallelism)) throw new UsageError(`--parallelism ${opts.parallelism}: expected a change such as +2 or -1`);
    out.parallelism = Number(opts.parallelism);
  }
  const pairs = (flag: string, values: string[] | undefined, check: (k: string, v: string) => void) => {
    const rec: Record<string, string> = {};
    for (const value of values ?? []) {
      for (const item of value.split(',')) {
        const m = /^([^=]+)=(.+)$/.exec(item.trim());
        if (!m) throw new UsageError(`--${flag} "${item}": expected name=value`);
        check(m[1] as string, m[2] as string);
        rec[m[1] as string] = m[2] as string;
      }
    }
    return Object.keys(rec).length > 0 ? rec : undefined;
  };
  const count = (flag: string) => (k: string, v: string) => {
    if (!/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--${flag} ${k}=${v}: expected a positive integer`);
  };
  const agents = pairs('agents', opts.agents, count('agents'));
  if (agents) out.agents = Object.fromEntries(Object.entries(agents).map(([k, v]) => [k, Number(v)]));
  const capacity = pairs('capacity', opts.capacity, count('capacity'));
  if (capacity) out.capacity = Object.fromEntries(Object.entries(capacity).map(([k, v]) => [k, Number(v)]));
  const priority = pairs('priority', opts.priority, (k, v) => {
    if (!(PRIORITIES as readonly string[]).includes(v.toLowerCase())) throw new UsageError(`--priority ${k}=${v}: expected one of ${PRIORITIES.join(', ')}`);
  });
  if (priority) out.priority = Object.fromEntries(Object.entries(priority).map(([k, v]) => [k, v.toLowerCase() as Priority]));
  const ids = (values: string[] | undefined) => values?.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  const hold = ids(opts.hold);
  if (hold?.length) out.hold = hold;
  const release = ids(opts.release);
  if (release?.length) out.release = release;
  const cancel = ids(opts.cancel);
  if (cancel?.length) out.cancel = cancel;
  return out;
}
