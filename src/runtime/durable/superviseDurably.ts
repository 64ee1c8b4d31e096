/**
 * What makes a run durable and steerable, around an engine: its status in the
 * store follows the supervisor, its control socket answers other terminals,
 * and when it ends the store says how. Shared by a new run and a resumed one.
 */
import type { Engine } from '../createEngine.js';
import { startControlServer, type ControlServer } from '../control/startControlServer.js';
import type { RunResult } from '../runResult.js';
import type { RunStore, StoredRunStatus } from '../store/RunStore.js';

export interface DurableRun {
  engine: Engine;
  control: ControlServer;
  /** Starts the engine (subscribe to it first); resolves when the run has ended and its record is final. */
  start(): Promise<RunResult>;
}

export async function superviseDurably(engine: Engine, store: RunStore, socketPath: string, now: () => number): Promise<DurableRun> {
  const runId = engine.runId;
  engine.on((event) => {
    if (event.type !== 'run.state') return;
    const status: StoredRunStatus | undefined =
      event.to === 'validating' ? undefined : event.to === 'completed' || event.to === 'failed' || event.to === 'stopped' ? undefined : event.to;
    if (status) store.setStatus(runId, status);
  });
  const control = await startControlServer(engine, socketPath, { onCommand: (op, detail) => store.event(runId, now(), op, detail) });
  let done: Promise<RunResult> | undefined;
  const start = () => {
    done ??= engine.start().then(
      async (result) => {
        store.setStatus(runId, result.status, { pid: null, socket: null, endedAt: result.endedAt });
        store.event(runId, now(), 'ended', { status: result.status });
        await control.close();
        return result;
      },
      async (err: unknown) => {
        await control.close();
        throw err;
      },
    );
    return done;
  };
  return { engine, control, start };
}
