/**
 * What a control request does to a live engine: the one path every steering
 * surface goes through (the Unix socket of `tpe pause | resume | stop |
 * adjust`, the web dashboard's buttons), so a button can never do something
 * the CLI cannot, or do it differently.
 */
import { BadInputError, TpeError } from '../../errors.js';
import { extendPlan, formatProblem } from '../../plan/index.js';
import type { Engine } from '../createEngine.js';
import type { AdjustRequest, ControlRequest } from './protocol.js';

/** A request without its wire id; `subscribe` belongs to a connection, not here. */
export type ControlCommand = DistributiveOmit<Exclude<ControlRequest, { op: 'subscribe' }>, 'id'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export async function executeControl(engine: Engine, request: ControlCommand): Promise<unknown> {
  switch (request.op) {
    case 'status':
      return engine.snapshot({ tickets: request.tickets ?? false, waitLimit: request.waitLimit ?? 20 });
    case 'pause':
      await engine.pause({ wait: request.wait ?? false });
      return engine.snapshot({ tickets: false });
    case 'resume':
      engine.resume();
      return { state: engine.state() };
    case 'stop': {
      const result = await engine.stop({ force: request.force ?? false });
      return { status: result.status, metrics: result.metrics };
    }
    case 'adjust':
      return await adjust(engine, request.adjust ?? {});
    default:
      throw new TpeError('USAGE', `unknown operation "${(request as { op: string }).op}"`);
  }
}

/**
 * Applies an adjustment; returns what changed, for the user. Ticket changes
 * come first and pool changes last: a new agent dispatches at once, and must
 * see the new priorities and holds.
 */
async function adjust(engine: Engine, a: AdjustRequest): Promise<Record<string, unknown>> {
  const changed: Record<string, unknown> = {};
  if (a.add !== undefined) {
    const extended = await extendPlan(engine.plan, a.add);
    if (!extended.ok) throw new BadInputError(extended.problems, extended.problems.map((p) => formatProblem(p)).join('\n'));
    changed.added = engine.addTickets(extended.value);
  }
  for (const [id, priority] of Object.entries(a.priority ?? {})) {
    engine.setPriority(id, priority);
    changed[`priority.${id}`] = priority;
  }
  for (const id of a.hold ?? []) changed[`hold.${id}`] = engine.hold(id);
  for (const id of a.release ?? []) changed[`release.${id}`] = engine.release(id);
  for (const id of a.cancel ?? []) changed[`cancel.${id}`] = engine.cancel(id, 'cancelled from another terminal');
  for (const [name, capacity] of Object.entries(a.capacity ?? {})) {
    engine.setCapacity(name, capacity);
    changed[`capacity.${name}`] = capacity;
  }
  if (a.parallelism !== undefined) changed.parallelism = engine.setParallelism(a.parallelism);
  for (const [type, count] of Object.entries(a.agents ?? {})) changed[`agents.${type}`] = engine.setAgents(type, count);
  return changed;
}
