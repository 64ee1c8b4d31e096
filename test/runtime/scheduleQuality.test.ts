/**
 * Schedule quality, small and seeded (the full benchmark is bench/quality.mjs,
 * 100 DAGs × 200 tickets): on random DAGs with lognormal durations, the
 * engine's simulated schedule is valid, never beats a lower bound (beating one
 * would mean a broken rule), and is never more than 1 % longer than FIFO ready
 * order, what make and p-graph do. A correctness check: no wall-clock figure.
 */
import { describe, expect, it } from 'vitest';
import { checkSchedule, fifoKey, headTailBound, listSchedule, lowerBoundOf, qualityDag } from '../../bench/quality.mjs';
import type { Strategy } from '../../src/plan/types.js';
import { simulatePlan } from '../../src/runtime/simulatePlan.js';
import { makePlan } from '../helpers/makePlan.js';

const DAGS = 10;
const TICKETS = 60;
const WEEK_MS = 7 * 24 * 3_600_000;

function planOf(deps: number[][], durations: number[], agents: number) {
  return makePlan(
    // A long timeout: the lognormal tail may exceed the default hour.
    deps.map((d, i) => ({ id: `t${i}`, estimateMs: durations[i], dependsOn: d.map((x) => `t${x}`), timeoutMs: WEEK_MS })),
    { agents: [{ name: 'shell', count: agents }] },
  );
}

describe('schedule quality on seeded random DAGs', () => {
  for (const agents of [4, 8]) {
    for (const strategy of ['balanced', 'critical-path'] as Strategy[]) {
      it(`${strategy}, ${agents} agents: valid, above the lower bound, never > 1 % worse than FIFO`, async () => {
        const ratios: number[] = [];
        for (let seed = 1; seed <= DAGS; seed++) {
          const { deps, durations } = qualityDag(TICKETS, seed);
          const sim = await simulatePlan(planOf(deps, durations, agents), { strategy });
          const where = `DAG ${seed}`;
          expect(sim.result.status, where).toBe('completed');
          const starts = sim.tickets.map((t) => t.start);
          const ends = sim.tickets.map((t) => t.end);
          expect(checkSchedule(deps, durations, agents, starts, ends), where).toEqual([]);

          const { bound } = lowerBoundOf(deps, durations, agents);
          expect(sim.lowerBoundMs, where).toBeCloseTo(bound, 6);
          expect(sim.makespanMs, where).toBeGreaterThanOrEqual(bound);
          expect(sim.makespanMs, where).toBeGreaterThanOrEqual(headTailBound(deps, durations, agents) - 1e-6);

          const fifo = listSchedule(deps, durations, agents, fifoKey);
          expect(checkSchedule(deps, durations, agents, fifo.start, Array.from(fifo.start, (s, i) => s + (durations[i] as number))), where).toEqual([]);
          expect(sim.makespanMs, `${where}: engine ${sim.makespanMs} ms, FIFO ${fifo.makespan} ms`).toBeLessThanOrEqual(fifo.makespan * 1.01);
          ratios.push(sim.makespanMs / fifo.makespan);
        }
        // Critical path first should win on average, not only tie.
        expect(ratios.reduce((a, b) => a + b, 0) / ratios.length).toBeLessThan(1);
      });
    }
  }

  it('checkSchedule catches a broken schedule', () => {
    const deps = [[], [0], []];
    const durations = [10, 10, 10];
    expect(checkSchedule(deps, durations, 2, [0, 10, 0], [10, 20, 10])).toEqual([]);
    expect(checkSchedule(deps, durations, 2, [0, 5, 0], [10, 15, 10])[0]).toMatch(/before its dependency 0/);
    expect(checkSchedule(deps, durations, 1, [0, 10, 0], [10, 20, 10])[0]).toMatch(/2 tickets running at 0 on 1 agents/);
    expect(checkSchedule(deps, durations, 2, [0, 10, undefined], [10, 20, undefined])).toEqual(['ticket 2 never ran']);
  });
});
