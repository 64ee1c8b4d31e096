/**
 * The ways to watch a foreground run besides the terminal: `--ui` (the web
 * dashboard), `--inspect ws://…` (a WebSocket inspector) and `--report
 * <file>` (the session summary when it ends). Shared by `tpe run` and
 * `tpe resume`. Each is loaded only when asked for: a run without them
 * imports and pays nothing.
 */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import type { Engine } from '../../runtime/createEngine.js';
import type { TicketStep } from '../../runtime/inspect/RunBoard.js';
import type { CliIO } from '../io.js';
import type { Style } from '../render/style.js';

export interface ViewOptions {
  /** Serve the live web dashboard on 127.0.0.1 (a random port unless `uiPort`). */
  ui?: boolean;
  uiPort?: number;
  /** WebSocket URL of an inspector (`ws://` or `wss://`). */
  inspect?: string;
  /** Write the run report here when the run ends (format from the extension). */
  report?: string;
}

/** What a durable run adds: its audit trail and the store's history of each ticket. */
export interface DurableViewHooks {
  workspace: string;
  audit: (op: string, detail: unknown) => void;
  history?: (ticketId: string) => Promise<TicketStep[]>;
}

export interface AttachedViews {
  /** Lines for the banner (the dashboard's address). */
  readonly notes: string[];
  /** After the run: the report written, the inspector flushed, the dashboard closed. */
  finish(): Promise<void>;
}

/** Checks the options before anything starts, so a mistake is exit 2 and not a run that ends badly. */
export async function checkViewOptions(opts: ViewOptions, durable: boolean): Promise<void> {
  if (opts.inspect !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(opts.inspect);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'ws:' && url.protocol !== 'wss:')) {
      throw new UsageError(`--inspect ${opts.inspect}: expected a WebSocket URL, e.g. ws://localhost:8080`);
    }
  }
  if (opts.report !== undefined) {
    if (!durable) throw new UsageError('--report needs the run store: drop --no-store, or use `tpe simulate` for a predicted schedule');
    const { reportFormatFor } = await import('../../runtime/report/renderReport.js');
    reportFormatFor(opts.report); // throws a UsageError on an unknown extension
  }
}

export async function attachViews(engine: Engine, io: CliIO, style: Style, opts: ViewOptions, durable: DurableViewHooks | undefined): Promise<AttachedViews> {
  const notes: string[] = [];
  const finishers: Array<() => Promise<void>> = [];

  if (opts.ui) {
    const [{ startDashboardServer }, { engineDashboardSource }] = await Promise.all([import('../../runtime/web/startDashboardServer.js'), import('../../runtime/web/engineDashboardSource.js')]);
    const source = engineDashboardSource(engine, durable ? { onCommand: durable.audit, ...(durable.history ? { history: durable.history } : {}) } : {});
    const server = await startDashboardServer(source, opts.uiPort !== undefined ? { port: opts.uiPort } : {});
    notes.push(`dashboard: ${style.bold(server.url)} ${style.dim('(only with its token; 127.0.0.1 only)')}`);
    finishers.push(() => server.close());
  }

  if (opts.inspect !== undefined) {
    const { connectInspector } = await import('../../runtime/inspect/connectInspector.js');
    let warned = false;
    const connection = await connectInspector(engine, opts.inspect, {
      onError: (message) => {
        // Said once: an inspector that is not there must not drown the run's output.
        if (warned) return;
        warned = true;
        io.stderr.write(`${style.yellow('warning')} ${message} (the run goes on; retrying in the background)\n`);
      },
    });
    notes.push(`inspector: ${opts.inspect}`);
    finishers.push(async () => {
      io.stderr.write(style.dim('sending the last inspection events…\n'));
      const { sent, dropped } = await connection.close(5000);
      if (dropped > 0 || Number.isNaN(sent)) io.stderr.write(`${style.yellow('warning')} inspector: ${Number.isNaN(sent) ? 'the inspector thread died' : `${dropped} events could not be delivered`}\n`);
    });
  }

  if (opts.report !== undefined && durable) {
    const file = resolve(io.cwd, opts.report);
    finishers.push(async () => {
      const { writeRunReport } = await import('../../runtime/report/writeReport.js');
      try {
        const written = await writeRunReport({ workspace: durable.workspace, runId: engine.runId, file });
        io.stderr.write(`report (${written.format}): ${written.file}\n`);
      } catch (err) {
        io.stderr.write(`${style.yellow('warning')} report not written: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    });
  }

  return {
    notes,
    finish: async () => {
      for (const f of finishers) await f();
    },
  };
}
