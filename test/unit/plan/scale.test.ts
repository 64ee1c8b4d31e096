import { describe, expect, it } from 'vitest';
import { analyzePlan, compilePlan } from '../../../src/plan/index.js';
import { valueOf } from './helpers.js';

const N = 100_000;

/** mulberry32: a small seeded generator, so the plan is the same on every run. */
function seeded(seed: number): (below: number) => number {
  let state = seed;
  return (below) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4_294_967_296) * below);
  };
}

/** A 50,000-long chain (deep recursion would overflow) beside a random 50,000-ticket DAG with files. */
function bigPlan(): object {
  const random = seeded(42);
  const half = N / 2;
  const tickets: object[] = [];
  for (let i = 0; i < N; i++) {
    const ticket: Record<string, unknown> = { id: `T-${i}`, run: 'true', estimate: `${1 + (i % 7)}m` };
    if (i < half) {
      if (i > 0) ticket.depends_on = [`T-${i - 1}`];
    } else {
      if (i > half) ticket.depends_on = [...new Set([0, 1, 2].map(() => `T-${half + random(i - half)}`))];
      if (i % 10 === 0) ticket.files = [`src/m${i % 500}/**`];
      else if (i % 10 === 1) ticket.files = [`src/m${i % 500}/file${i}.ts`];
      if (i % 1000 === 0) ticket.conflicts_with = [`T-${i - 1}`];
    }
    tickets.push(ticket);
  }
  return { agents: { shell: { count: 8 } }, tickets };
}

describe('scale', () => {
  // No wall-clock assertion: it must simply finish within the timeout.
  it('compiles and analyses 100,000 tickets (a long chain and a random DAG with files)', () => {
    const plan = valueOf(compilePlan(bigPlan(), { file: '<memory>', baseDir: '/tmp' }));
    expect(plan.tickets).toHaveLength(N);
    const analysis = analyzePlan(plan);
    expect(analysis.order).toHaveLength(N);
    expect(analysis.depth[N / 2 - 1]).toBe(N / 2 - 1);
    expect(analysis.criticalPath.tickets.length).toBeGreaterThanOrEqual(N / 2);
    expect(analysis.conflicts.some((c) => c.kind === 'file_conflict')).toBe(true);
    expect(analysis.groups.length).toBeGreaterThanOrEqual(N / 2);
  }, 120_000);
});
