/**
 * The dashboard's view of an engine in this process (`tpe run --ui`):
 * snapshots and events straight from the engine, control through
 * executeControl like the Unix socket, so a button press is audited like a
 * `tpe pause` from another terminal.
 */
import type { Engine } from '../createEngine.js';
import { executeControl } from '../control/executeControl.js';
import type { TicketStep } from '../inspect/RunBoard.js';
import type { DashboardSource, WebControlRequest } from './DashboardSource.js';

export interface EngineSourceOptions {
  /** Called after a control request changed the run (the store's audit trail). */
  onCommand?: (op: string, detail: unknown) => void;
  /** Transitions before the engine started (a resumed run's journal). */
  history?: (ticketId: string) => Promise<TicketStep[]>;
}

export function engineDashboardSource(engine: Engine, options: EngineSourceOptions = {}): DashboardSource {
  return {
    runId: engine.runId,
    plan: () => engine.plan,
    snapshot: (o) => Promise.resolve(engine.snapshot(o)),
    onEvent: (listener) => engine.on(listener),
    control: async (request: WebControlRequest) => {
      const result = await executeControl(engine, request);
      options.onCommand?.(request.op, { ...request, via: 'web' });
      return result;
    },
    history: (ticketId) => options.history?.(ticketId) ?? Promise.resolve([]),
    close: () => Promise.resolve(),
  };
}
