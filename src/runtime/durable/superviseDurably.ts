/**
 * What makes a run durable and steerable, around an engine: its status in the
 * store follows the supervisor, its control socket answers other terminals,
 * and when it ends the store says how. Shared by a new run and a resumed one.
 */
import { startRegistrySync } from '../../actors/registry/index.js';
import type { Engine } from '../createEngine.js';
import { startControlServer, type ControlServer } from '../control/startControlServer.js';
import type { RunResult } from '../runResult.js';
import type { RunStore, StoredRunStatus } from '../store/RunStore.js';
import type { RunOwnership } from './RunOwnership.js';

export interface DurableRun {
  engine: Engine;
  control: ControlServer;
  /**
   * Starts the engine (subscribe to it first); resolves when the run has ended and its record
   * is final. Rejects with a `RunOwnedError` when another engine took the run meanwhile.
   */
  start(): Promise<RunResult>;
}

/** Registry sync of a durable run (when its tickets come from a registry folder). */
export interface RegistryOptions {
  /** Move ticket files between status folders. @default false */
  move?: boolean;
  /** Told about every ticket file that could not be updated. */
  onError?: (err: unknown, file: string) => void;
}

export async function superviseDurably(
  engine: Engine,
  store: RunStore,
  ownership: RunOwnership,
  socketPath: string,
  now: () => number,
  registry?: RegistryOptions | false,
): Promise<DurableRun> {
  const runId = engine.runId;
  const lease = ownership.lease;
  // Whoever took the run decides now: stop this engine's work at once (its writes are dropped).
  ownership.onLost(() => void engine.stop({ force: true }));
  // The coordinator is the registry's only writer: status and timestamps follow the run.
  const registryDir = engine.plan.registryDir;
  const sync = registry === false || registryDir === undefined ? undefined : await startRegistrySync(engine, { registryDir, ...registry });
  engine.on((event) => {
    // Tickets added to the live run: a resume must know them.
    if (ownership.lost) return;
    if (event.type === 'run.extended') store.replacePlan(runId, JSON.stringify(engine.plan));
    if (event.type !== 'run.state') return;
    const status: StoredRunStatus | undefined =
      event.to === 'validating' ? undefined : event.to === 'completed' || event.to === 'failed' || event.to === 'stopped' ? undefined : event.to;
    if (status) store.setStatus(runId, status, {}, lease);
  });
  const control = await startControlServer(engine, socketPath, { onCommand: (op, detail) => store.event(runId, now(), op, detail) });
  let done: Promise<RunResult> | undefined;
  const start = () => {
    ownership.startRenewing();
    done ??= engine.start().then(
      async (result) => {
        if (!ownership.lost) {
          store.setStatus(runId, result.status, { pid: null, socket: null, endedAt: result.endedAt }, lease);
          store.event(runId, now(), 'ended', { status: result.status, metrics: result.metrics });
        }
        ownership.release();
        await sync?.stop();
        await control.close();
        if (ownership.lost) throw ownership.lostError();
        return result;
      },
      async (err: unknown) => {
        ownership.release();
        await sync?.stop();
        await control.close();
        throw err;
      },
    );
    return done;
  };
  return { engine, control, start };
}
