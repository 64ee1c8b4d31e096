/**
 * The simulator is not a second scheduler: the engine on a virtual clock with
 * the real default executor (function agents that take exactly their
 * estimates) must produce the very schedule `simulatePlan` predicts.
 */
import { describe, expect, it } from 'vitest';
import { createExecutor } from '../../src/actors/index.js';
import { createEngineInternal } from '../../src/runtime/createEngine.js';
import { runOnVirtualClock, simulatePlan } from '../../src/runtime/simulatePlan.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { mulberry32 } from '../../bench/dag.mjs';
import { makePlan, type TicketSpec } from '../helpers/makePlan.js';

function randomPlan(seed: number) {
  const rand = mulberry32(seed);
  const n = 20 + Math.floor(rand() * 40);
  const specs: TicketSpec[] = [];
  for (let i = 0; i < n; i++) {
    const deps = i === 0 ? [] : [...new Set(Array.from({ length: Math.floor(rand() * 3) }, () => `T${Math.floor(rand() * i)}`))];
    specs.push({
      id: `T${i}`,
      agent: rand() < 0.3 ? 'b' : 'a',
      priority: (['critical', 'high', 'medium', 'low'] as const)[Math.floor(rand() * 4)],
      estimateMs: 100 * (1 + Math.floor(rand() * 50)),
      dependsOn: deps,
      resources: rand() < 0.2 ? { db: 1 } : {},
      conflictsWith: rand() < 0.1 && i > 0 ? [`T${Math.floor(rand() * i)}`] : [],
    });
  }
  return makePlan(specs, { agents: [{ name: 'a', count: 3 }, { name: 'b', count: 2 }], resources: { db: 1 } });
}

describe('simulation and runtime agree', () => {
  it('gives every ticket the same agent, start and end, on 25 random plans', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const plan = randomPlan(seed);
      const predicted = await simulatePlan(plan);

      const clock = new VirtualClock(0);
      const estimate = new Map(plan.tickets.map((t) => [t.id, t.estimateMs ?? plan.defaultEstimateMs]));
      const takeEstimate = (_input: unknown, ticket: { id: string }) => new Promise<void>((resolve) => clock.setTimeout(resolve, estimate.get(ticket.id) ?? 0));
      const internals = createEngineInternal(plan, { clock, executor: createExecutor({ functions: { a: takeEstimate, b: takeEstimate } }), runId: `real-${seed}` });
      const real = await runOnVirtualClock(internals, clock);

      expect(real.status).toBe('completed');
      const schedule = (ts: Array<{ id: string; agentId: string | undefined; startedAt?: number; start?: number; endedAt?: number; end?: number }>) =>
        ts.map((t) => `${t.id}@${t.agentId}:${t.startedAt ?? t.start}-${t.endedAt ?? t.end}`);
      expect(schedule(real.tickets), `seed ${seed}`).toEqual(schedule(predicted.tickets));
    }
  });
});
