/**
 * The dashboard's view of a run in another process (`tpe monitor --web`):
 * events and the first snapshot through a `subscribe` on the run's control
 * socket, summaries and the buttons through ordinary control requests (the
 * very ones `tpe status | pause | resume | stop` send), the plan and the
 * earlier history from the run store.
 */
import type { CompiledPlan } from '../../plan/types.js';
import { sendControl } from '../control/sendControl.js';
import { subscribeControl } from '../control/subscribeControl.js';
import type { EngineEvent, EngineListener } from '../events.js';
import type { RunSnapshot } from '../runSnapshot.js';
import type { RunStore } from '../store/RunStore.js';
import type { DashboardSource } from './DashboardSource.js';
import { storeHistory } from './storeHistory.js';

export async function socketDashboardSource(store: RunStore, runId: string, socketPath: string): Promise<DashboardSource & { ended: Promise<void> }> {
  const listeners = new Set<EngineListener>();
  let plan = store.planOf(runId) as CompiledPlan;
  const subscription = await subscribeControl(socketPath, (event: EngineEvent) => {
    // Tickets added to the live run: the store has the extended plan.
    if (event.type === 'run.extended') plan = store.planOf(runId) as CompiledPlan;
    for (const l of listeners) l(event);
  });
  let first: RunSnapshot | undefined = subscription.snapshot;
  return {
    runId,
    ended: subscription.ended,
    plan: () => plan,
    snapshot: async (options) => {
      // The subscription's own snapshot serves the first (full) request: it is exactly where the events begin.
      if (first && options.tickets) {
        const s = first;
        first = undefined;
        return s;
      }
      return (await sendControl(socketPath, { op: 'status', tickets: options.tickets, waitLimit: options.waitLimit }, { timeoutMs: 5000 })) as RunSnapshot;
    },
    onEvent: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    control: (request) => sendControl(socketPath, request, { timeoutMs: request.op === 'stop' ? 60_000 : 10_000 }),
    history: storeHistory(store, runId, () => plan, subscription.snapshot.now),
    close: () => {
      subscription.close();
      return Promise.resolve();
    },
  };
}
