/**
 * `tpe monitor [run]` (alias `monitor-execution`): the seed's execution
 * dashboard for a run, redrawn in place every `--refresh` while it is live; a
 * run that is not live is shown once, from the store.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { parseDuration } from '../../plan/index.js';
import type { RunSnapshot } from '../../runtime/runSnapshot.js';
import type { CliIO } from '../io.js';
import { renderDashboard, DASHBOARD_FOCUSES, type DashboardFocus } from '../render/renderDashboard.js';
import { plain, styleFor } from '../render/style.js';
import { readSnapshot } from './statusCommands.js';

export interface MonitorOptions {
  workspace?: string;
  refresh?: string;
  focus?: string;
  format?: string;
  output?: string;
  /** Keep refreshing even when stdout is not a terminal. */
  realTime?: boolean;
  session?: string;
  dashboard?: boolean;
  /** Stop after this many refreshes (tests, scripts). */
  count?: string;
  /** Serve the live web dashboard instead (`--web`), on `--ui-port`. */
  web?: boolean;
  uiPort?: string;
}

const ENDED = new Set(['completed', 'failed', 'stopped', 'crashed']);

export async function monitorCommand(runArg: string | undefined, opts: MonitorOptions, io: CliIO): Promise<number> {
  if (opts.web) {
    const { monitorWeb } = await import('./monitorWeb.js');
    return monitorWeb(opts.session ?? runArg, opts, io);
  }
  const refreshMs = parseDuration(opts.refresh ?? '1s');
  if (refreshMs === undefined || refreshMs < 100) throw new UsageError(`--refresh ${opts.refresh}: expected a duration of at least 100ms, e.g. 1s or 5s`);
  const focus = opts.focus as DashboardFocus | undefined;
  if (focus !== undefined && !DASHBOARD_FOCUSES.includes(focus)) throw new UsageError(`--focus ${opts.focus}: expected one of ${DASHBOARD_FOCUSES.join(', ')}`);
  const format = opts.format ?? 'table';
  if (!['table', 'json', 'markdown'].includes(format)) throw new UsageError(`--format ${format}: expected table, json or markdown`);
  const run = opts.session ?? runArg;
  const tty = io.stdout.isTTY === true && opts.output === undefined && format === 'table';
  const style = format === 'table' ? styleFor(io.stdout, io.env) : plain;
  const maxRefreshes = opts.count ? Number(opts.count) : Number.POSITIVE_INFINITY;

  const render = (snap: RunSnapshot): string => {
    if (format === 'json') return JSON.stringify(snap, null, 2);
    const text = renderDashboard(snap, { style, width: io.stdout.columns && io.stdout.columns > 0 ? io.stdout.columns : 100, ...(focus ? { focus } : {}) });
    return format === 'markdown' ? `\`\`\`text\n${text}\n\`\`\`` : text;
  };
  const emit = (text: string, first: boolean) => {
    if (opts.output) writeFileSync(resolve(io.cwd, opts.output), `${text}\n`);
    else if (tty) io.stdout.write(`${first ? '' : '\x1b[H\x1b[2J'}${text}\n`);
    else io.stdout.write(`${text}\n${first ? '' : ''}`);
  };

  let stop = false;
  const removeSignal = io.onSignal(() => {
    stop = true;
  });
  try {
    for (let i = 0; i < maxRefreshes && !stop; i++) {
      const snap = await readSnapshot(run, opts.workspace, io.cwd, true);
      if (tty && i === 0) io.stdout.write('\x1b[H\x1b[2J');
      emit(render(snap), i === 0);
      // A run that is not live does not change: show it once. Off a terminal, once unless --real-time.
      if (!snap.live || ENDED.has(snap.state) || (!tty && !opts.realTime && !opts.output)) break;
      await new Promise((r) => setTimeout(r, refreshMs));
    }
  } finally {
    removeSignal();
  }
  return 0;
}
