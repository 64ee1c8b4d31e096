import { describe, expect, it } from 'vitest';
import { remainingPlan } from '../../../src/runtime/eta/index.js';
import { makePlan } from '../../helpers/makePlan.js';

describe('remainingPlan', () => {
  const plan = makePlan(
    [
      { id: 'A', estimateMs: 1000 },
      { id: 'B', estimateMs: 2000, dependsOn: ['A'], conflictsWith: ['C'] },
      { id: 'C', estimateMs: 3000, dependsOn: ['A'], gates: 2, retries: 3 },
      { id: 'D', estimateMs: 4000, dependsOn: ['B', 'C'], after: ['A'] },
    ],
    { agents: [{ name: 'shell', count: 3 }] },
  );

  it('keeps what is left, re-indexed, with dependencies on remaining tickets only', () => {
    const rest = remainingPlan(plan, {
      states: ['completed', 'executing', 'waiting', 'waiting'],
      startedAt: [0, 1000, undefined, undefined],
      now: 1500,
      actualToEstimate: 1,
      agents: { shell: 2 },
    });
    expect(rest.ok).toBe(true);
    if (!rest.ok) return;
    expect([...rest.origin]).toEqual([1, 2, 3]);
    expect(rest.running).toEqual([0]);
    expect(rest.agents).toEqual({ shell: 2 });
    expect(rest.plan.tickets.map((t) => [t.id, t.index, t.estimateMs, t.dependsOn, t.after, t.conflictsWith])).toEqual([
      ['B', 0, 1500, [], [], [1]],
      ['C', 1, 3000, [], [], [0]],
      ['D', 2, 4000, [0, 1], [], []],
    ]);
    // Gates, retries and timeouts do not enter the prediction.
    const c = rest.plan.tickets[1];
    expect([c?.validate.length, c?.retries, c?.timeoutMs]).toEqual([0, 0, Number.POSITIVE_INFINITY]);
  });

  it('scales estimates by a clamped ratio', () => {
    const progress = { states: plan.tickets.map(() => 'waiting' as const), startedAt: [], now: 0 };
    const at = (actualToEstimate: number) => {
      const rest = remainingPlan(plan, { ...progress, actualToEstimate });
      return rest.ok ? rest.plan.tickets.map((t) => t.estimateMs) : undefined;
    };
    expect(at(2)).toEqual([2000, 4000, 6000, 8000]);
    expect(at(1000)).toEqual([20_000, 40_000, 60_000, 80_000]);
    expect(at(Number.NaN)).toEqual([1000, 2000, 3000, 4000]);
  });
});
