/**
 * `tpe monitor --web`: the live web dashboard of a run that another process
 * is executing, reached through its control socket. Serves until the run
 * ends (on a terminal: until Ctrl-C, so the final picture stays up).
 */
import { UsageError } from '../../errors.js';
import { socketDashboardSource } from '../../runtime/web/socketDashboardSource.js';
import { startDashboardServer } from '../../runtime/web/startDashboardServer.js';
import type { CliIO } from '../io.js';
import { effectiveStatus, findRun } from '../findRun.js';
import { styleFor } from '../render/style.js';
import { storeNotice } from '../storeNotice.js';

export async function monitorWeb(runArg: string | undefined, opts: { workspace?: string; uiPort?: string }, io: CliIO): Promise<number> {
  const style = styleFor(io.stderr, io.env);
  const port = opts.uiPort === undefined ? 0 : Number(opts.uiPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--ui-port ${opts.uiPort}: expected a port number (0-65535; 0 = any free port)`);
  const { store, run, live } = await findRun(runArg, opts.workspace, io.cwd, storeNotice(io));
  try {
    if (!live || run.socket === undefined) {
      throw new UsageError(
        `run ${run.id} is not live (${effectiveStatus(run, live)}): the web dashboard follows a running run. ` +
          `\`tpe report ${run.id} --format html\` shows how it went${effectiveStatus(run, live) === 'completed' ? '' : `; \`tpe resume ${run.id} --ui\` continues it with the dashboard`}.`,
      );
    }
    const source = await socketDashboardSource(store, run.id, run.socket);
    const server = await startDashboardServer(source, { port });
    io.stdout.write(`dashboard: ${server.url}\n`);
    io.stderr.write(style.dim(`following run ${run.id}; only with its token, on 127.0.0.1 only. Ctrl-C to leave (the run goes on).\n`));
    let removeSignal: () => void = () => undefined;
    const interrupted = new Promise<void>((resolve) => {
      removeSignal = io.onSignal(() => resolve());
    });
    const why = await Promise.race([source.ended.then(() => 'ended' as const), interrupted.then(() => 'left' as const)]);
    if (why === 'ended' && io.stderr.isTTY === true) {
      // The store says how: finished, or an engine that went away without a word (crashed).
      const after = store.getRun(run.id);
      const status = after === undefined ? 'ended' : effectiveStatus(after, false);
      const next = status === 'crashed' ? `; \`tpe resume ${run.id}\` continues it` : '';
      io.stderr.write(style.dim(`run ${run.id} ${status === 'ended' ? 'ended' : `is ${status}`}${next}; the dashboard stays open: Ctrl-C to leave.\n`));
      await interrupted; // the listening server keeps the process up meanwhile
    }
    removeSignal();
    await server.close();
    await source.close();
    return 0;
  } finally {
    store.close();
  }
}
