/**
 * Runs an engine in this terminal: reporters (live view or lines), the run's
 * JSON log, Ctrl-C handling, and the summary. Shared by `tpe run` and
 * `tpe resume`.
 */
import { join } from 'node:path';
import pino from 'pino';
import type { Engine } from '../../runtime/createEngine.js';
import { pinoReporter } from '../../runtime/reporters/pinoReporter.js';
import { exitCodeFor, type RunResult } from '../../runtime/runResult.js';
import type { CliIO } from '../io.js';
import { renderSummary } from '../render/renderSummary.js';
import type { Style } from '../render/style.js';
import { startTerminalReporter, type ReporterMode } from '../terminalReporter.js';
import { attachViews, type DurableViewHooks, type ViewOptions } from './attachViews.js';

export const EXIT_INTERRUPTED = 130;

export interface ForegroundOptions {
  json?: boolean;
  logLevel?: string;
  live?: boolean;
  quiet?: boolean;
  /** A line printed before the run starts (what runs, where its logs go). */
  banner: string;
  /** The web dashboard, an inspector, a report at the end (checked beforehand: checkViewOptions). */
  views?: ViewOptions;
  /** Set for a durable run: the dashboard's audit trail and ticket history, the report's store. */
  durable?: DurableViewHooks;
}

export async function runInForeground(engine: Engine, start: () => Promise<RunResult>, io: CliIO, style: Style, opts: ForegroundOptions): Promise<number> {
  const runDir = join(engine.logDir, '..');
  const logger = pino({ level: opts.logLevel ?? 'info' }, pino.destination({ dest: join(runDir, 'engine.log'), mkdir: true, sync: false, append: true }));
  engine.on(pinoReporter(logger.child({ runId: engine.runId })));
  const tty = io.stderr.isTTY === true && io.env.NO_COLOR === undefined && io.env.TERM !== 'dumb';
  const mode: ReporterMode = opts.quiet ? 'quiet' : tty && opts.live !== false ? 'live' : 'lines';
  const views = await attachViews(engine, io, style, opts.views ?? {}, opts.durable);
  const reporter = opts.json ? undefined : startTerminalReporter(engine, io.stderr, style, mode);
  // --quiet: failures and the summary only (the summary names the run).
  if (!opts.json && !opts.quiet) io.stderr.write(`${opts.banner}\n${style.dim(`run ${engine.runId} · logs in ${runDir}`)}\n`);
  // The dashboard's address goes to stderr even with --json: it is how to open it.
  for (const note of views.notes) io.stderr.write(`${note}\n`);

  // First Ctrl-C: stop at once, killing running process groups, keeping what
  // completed (the run can be resumed). A second one leaves without waiting.
  let interrupted = false;
  const removeSignal = io.onSignal((signal) => {
    if (interrupted) {
      io.stderr.write(`\n${signal} again: leaving now\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    io.stderr.write(`\n${signal}: stopping (running tickets are interrupted; \`tpe resume\` continues; press Ctrl-C again to leave at once)\n`);
    void engine.stop({ force: true });
  });

  let result: RunResult;
  try {
    result = await start();
  } catch (err) {
    await views.finish();
    throw err;
  } finally {
    removeSignal();
    reporter?.stop();
  }
  await new Promise<void>((resolve) => logger.flush(() => resolve()));
  // On a terminal the dashboard outlives the run until Ctrl-C: the final picture is worth a look.
  const linger = opts.views?.ui === true && io.stderr.isTTY === true && !interrupted;
  const exitCode = interrupted ? EXIT_INTERRUPTED : exitCodeFor(result.status);
  if (opts.json) io.stdout.write(`${JSON.stringify({ exitCode, ...result }, null, 2)}\n`);
  else {
    io.stderr.write(`\n${renderSummary(result, style, io.cwd)}\n`);
    if (result.status === 'stopped') io.stderr.write(style.dim(`State preserved: \`tpe resume ${engine.runId}\` continues this run.\n`));
  }
  if (linger) {
    io.stderr.write(style.dim('The dashboard stays open; press Ctrl-C to leave.\n'));
    await new Promise<void>((resolve) => {
      const off = io.onSignal(() => {
        off();
        resolve();
      });
    });
  }
  await views.finish();
  return exitCode;
}
