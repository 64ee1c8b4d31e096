/**
 * `tpe run <plan>` (alias `execute-parallel-plan`): load, check, execute, report.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadPlan } from '../../plan/index.js';
import type { Strategy } from '../../plan/types.js';
import { createEngine } from '../../runtime/createEngine.js';
import { startDurableRun } from '../../runtime/durable/startDurableRun.js';
import type { CliIO } from '../io.js';
import { parseAgents } from '../parseAgents.js';
import { printProblems } from '../printProblems.js';
import { styleFor } from '../render/style.js';
import { UsageError } from '../../errors.js';
import { runInForeground } from '../foreground/runInForeground.js';
import { dryRun } from './simulateCommand.js';
import { checkViewOptions, type ViewOptions } from '../foreground/attachViews.js';
import { storeNotice } from '../storeNotice.js';

export interface RunOptions {
  strategy?: Strategy;
  agents?: string[];
  dryRun?: boolean;
  failFast?: boolean;
  json?: boolean;
  logLevel?: string;
  workspace?: string;
  live?: boolean;
  quiet?: boolean;
  color?: boolean;
  /** false (`--no-store`): nothing recorded, the run cannot be resumed or steered from elsewhere. */
  store?: boolean;
  /** false (`--no-sync-registry`): ticket files are left as they are. */
  syncRegistry?: boolean;
  /** Move ticket files between status folders (`pending/` → `completed/`). */
  moveFiles?: boolean;
  /** Serve the live web dashboard (`--ui`), on this port (`--ui-port`, default random). */
  ui?: boolean;
  uiPort?: string;
  /** WebSocket inspector URL (`--inspect ws://…`). */
  inspect?: string;
  /** Write the run report to this file at the end (`--report report.html`). */
  report?: string;
}

export async function runCommand(planPath: string, opts: RunOptions, io: CliIO): Promise<number> {
  const style = styleFor(io.stderr, io.env, opts.color === false);
  const agents = parseAgents(opts.agents ?? []);
  // Overrides go through the loader, so that an unknown agent type is a located problem like any other.
  const loaded = await loadPlan(resolve(io.cwd, planPath), {
    baseDir: io.cwd,
    ...(opts.strategy ? { strategy: opts.strategy } : {}),
    ...(Object.keys(agents).length > 0 ? { agents } : {}),
  });
  if (!loaded.ok) {
    printProblems(io.stderr, loaded.problems, style, { cwd: io.cwd });
    return 2;
  }
  if (loaded.warnings.length > 0 && !opts.json) printProblems(io.stderr, loaded.warnings, style, { kind: 'warning', cwd: io.cwd });
  const plan = loaded.value;
  if (opts.dryRun) return dryRun(plan, { json: opts.json ?? false }, io);

  const views = viewOptions(opts);
  await checkViewOptions(views, opts.store !== false);
  const workspace = resolve(io.cwd, opts.workspace ?? '.');
  const run = opts.store === false
    ? { engine: createEngine(plan, { workspace, failFast: opts.failFast ?? false }), store: undefined }
    : await startDurableRun(plan, {
        workspace,
        failFast: opts.failFast ?? false,
        planText: await readFile(plan.file, 'utf8').catch(() => undefined),
        onNotice: storeNotice(io),
        registry: opts.syncRegistry === false ? false : { move: opts.moveFiles ?? false, onError: (err, file) => io.stderr.write(`${style.yellow('warning')} registry: ${file}: ${err instanceof Error ? err.message : String(err)}\n`) },
      });
  const engine = run.engine;
  const start = 'start' in run ? run.start : () => engine.start();
  const banner = `${style.bold('tpe')} running ${plan.name}: ${plan.tickets.length} tickets, ${engine.plan.agents.map((a) => `${a.count} ${a.name}`).join(', ')} agents (${engine.plan.strategy})`;
  try {
    const durable = run.store ? { workspace, audit: (op: string, detail: unknown) => run.store.event(engine.runId, Date.now(), op, detail) } : undefined;
    return await runInForeground(engine, start, io, style, { banner, json: opts.json, logLevel: opts.logLevel, live: opts.live, quiet: opts.quiet, views, ...(durable ? { durable } : {}) });
  } finally {
    run.store?.close();
  }
}

/** `--ui`, `--ui-port`, `--inspect`, `--report` as the foreground runner takes them (shared with `tpe resume`). */
export function viewOptions(opts: { ui?: boolean; uiPort?: string; inspect?: string; report?: string }): ViewOptions {
  const views: ViewOptions = {};
  if (opts.ui || opts.uiPort !== undefined) views.ui = true;
  if (opts.uiPort !== undefined) {
    const port = Number(opts.uiPort);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--ui-port ${opts.uiPort}: expected a port number (0-65535; 0 = any free port)`);
    views.uiPort = port;
  }
  if (opts.inspect !== undefined) views.inspect = opts.inspect;
  if (opts.report !== undefined) views.report = opts.report;
  return views;
}
