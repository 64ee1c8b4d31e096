/**
 * `tpe run <plan>` (alias `execute-parallel-plan`): load, check, execute, report.
 */
import { join, resolve } from 'node:path';
import pino from 'pino';
import { loadPlan } from '../../plan/index.js';
import type { Strategy } from '../../plan/types.js';
import { createEngine } from '../../runtime/createEngine.js';
import { pinoReporter } from '../../runtime/reporters/pinoReporter.js';
import { exitCodeFor, type RunResult } from '../../runtime/runResult.js';
import { newRunId } from '../../runtime/runId.js';
import type { CliIO } from '../io.js';
import { parseAgents } from '../parseAgents.js';
import { printProblems } from '../printProblems.js';
import { renderSummary } from '../render/renderSummary.js';
import { styleFor } from '../render/style.js';
import { startTerminalReporter, type ReporterMode } from '../terminalReporter.js';
import { dryRun } from './dryRun.js';

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
}

export const EXIT_INTERRUPTED = 130;

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

  const runId = newRunId();
  const workspace = resolve(io.cwd, opts.workspace ?? '.');
  const engine = createEngine(plan, { runId, workspace, failFast: opts.failFast ?? false });
  const runDir = join(workspace, '.tpe', 'runs', runId);
  const logger = pino({ level: opts.logLevel ?? 'info' }, pino.destination({ dest: join(runDir, 'engine.log'), mkdir: true, sync: false }));
  engine.on(pinoReporter(logger.child({ runId })));

  const tty = io.stderr.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const mode: ReporterMode = opts.quiet ? 'quiet' : tty && opts.live !== false ? 'live' : 'lines';
  const reporter = opts.json ? undefined : startTerminalReporter(engine, io.stderr, style, mode);
  if (!opts.json) {
    io.stderr.write(`${style.bold('tpe')} running ${plan.name}: ${plan.tickets.length} tickets, ${engine.plan.agents.map((a) => `${a.count} ${a.name}`).join(', ')} agents (${engine.plan.strategy})\n`);
    io.stderr.write(style.dim(`run ${runId} · logs in ${runDir}\n`));
  }

  // First Ctrl-C: stop at once, killing running process groups, keeping what completed.
  // A second one leaves without waiting.
  let interrupted = false;
  const removeSignal = io.onSignal((signal) => {
    if (interrupted) {
      io.stderr.write(`\n${signal} again: leaving now\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    io.stderr.write(`\n${signal}: stopping (running tickets are interrupted; press Ctrl-C again to leave at once)\n`);
    void engine.stop({ force: true });
  });

  let result: RunResult;
  try {
    result = await engine.start();
  } finally {
    removeSignal();
    reporter?.stop();
  }
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  const exitCode = interrupted ? EXIT_INTERRUPTED : exitCodeFor(result.status);
  if (opts.json) io.stdout.write(`${JSON.stringify({ exitCode, ...result }, null, 2)}\n`);
  else io.stderr.write(`\n${renderSummary(result, style, io.cwd)}\n`);
  return exitCode;
}
