import { describe, expect, it } from 'vitest';
import type { TicketState } from '../../../src/machines/ticketMachine.js';
import { estimateRemaining, type RunProgress } from '../../../src/runtime/eta/index.js';
import { simulatePlan } from '../../../src/runtime/simulatePlan.js';
import { makePlan, type PlanSpec, type TicketSpec } from '../../helpers/makePlan.js';

/** A run in progress: every ticket `waiting` unless `states` says otherwise; `running` gives start times. */
function progressOf(
  specs: TicketSpec[],
  opts: { states?: Record<string, TicketState>; started?: Record<string, number>; now?: number; ratio?: number; agents?: Record<string, number> } = {},
): RunProgress {
  const p: RunProgress = {
    states: specs.map((s) => opts.states?.[s.id] ?? 'waiting'),
    startedAt: specs.map((s) => opts.started?.[s.id]),
    now: opts.now ?? 0,
    actualToEstimate: opts.ratio ?? 1,
  };
  if (opts.agents) p.agents = opts.agents;
  return p;
}

async function eta(specs: TicketSpec[], opts: Parameters<typeof progressOf>[1] = {}, planSpec: PlanSpec = {}) {
  return estimateRemaining(makePlan(specs, planSpec), progressOf(specs, opts));
}

describe('estimateRemaining', () => {
  const chain: TicketSpec[] = [
    { id: 'A', estimateMs: 1000 },
    { id: 'B', estimateMs: 2000, dependsOn: ['A'] },
    { id: 'C', estimateMs: 3000, dependsOn: ['B'] },
  ];

  it('a chain that has not started takes the sum of its estimates', async () => {
    expect(await eta(chain)).toBe(6000);
  });

  it('a chain with its first ticket completed takes the rest', async () => {
    expect(await eta(chain, { states: { A: 'completed' } })).toBe(5000);
  });

  it('nothing left: 0', async () => {
    expect(await eta(chain, { states: { A: 'completed', B: 'completed', C: 'completed' } })).toBe(0);
  });

  it('parallel tickets share the pool: 4 × 1s on 2 agents take 2s, on 4 agents 1s', async () => {
    const four: TicketSpec[] = ['P', 'Q', 'R', 'S'].map((id) => ({ id, estimateMs: 1000 }));
    expect(await eta(four, {}, { agents: [{ name: 'shell', count: 2 }] })).toBe(2000);
    expect(await eta(four, { agents: { shell: 4 } }, { agents: [{ name: 'shell', count: 2 }] })).toBe(1000);
  });

  it('a running ticket half done counts what is left of it', async () => {
    const specs: TicketSpec[] = [
      { id: 'A', estimateMs: 4000 },
      { id: 'B', estimateMs: 1000, dependsOn: ['A'] },
    ];
    // A started at 10s and it is 12s now: 2s of 4s left, then B.
    expect(await eta(specs, { states: { A: 'executing' }, started: { A: 10_000 }, now: 12_000 })).toBe(3000);
  });

  it('a running ticket past its estimate counts 0', async () => {
    const specs: TicketSpec[] = [
      { id: 'A', estimateMs: 1000 },
      { id: 'B', estimateMs: 1000, dependsOn: ['A'] },
    ];
    expect(await eta(specs, { states: { A: 'executing' }, started: { A: 0 }, now: 5000 })).toBe(1000);
  });

  it('a ratio of 2 doubles every estimate, including the running ticket’s', async () => {
    expect(await eta(chain, { ratio: 2 })).toBe(12_000);
    const specs: TicketSpec[] = [
      { id: 'A', estimateMs: 1000 },
      { id: 'B', estimateMs: 1000, dependsOn: ['A'] },
    ];
    // A: 2s scaled, 0.5s elapsed → 1.5s; then B: 2s.
    expect(await eta(specs, { ratio: 2, states: { A: 'executing' }, started: { A: 0 }, now: 500 })).toBe(3500);
  });

  it('running tickets start first, even when a ready ticket outranks them', async () => {
    // One shell and one doc agent. X runs now (low priority, 1s left) and D
    // (doc, 5s) waits for it; Y (critical, 5s) is ready. Started first, Y would
    // push X and D back: 5 + 1 + 5 = 11s. X keeps its agent: max(1 + 5, 1 + 5) = 6s.
    const specs: TicketSpec[] = [
      { id: 'X', estimateMs: 1000, priority: 'low' },
      { id: 'Y', estimateMs: 5000, priority: 'critical' },
      { id: 'D', estimateMs: 5000, agent: 'doc', dependsOn: ['X'] },
    ];
    const planSpec: PlanSpec = { agents: [{ name: 'shell', count: 1 }, { name: 'doc', count: 1 }] };
    expect(await eta(specs, { states: { X: 'executing' }, started: { X: 0 }, now: 0 }, planSpec)).toBe(6000);
    // Without the running ticket the engine would indeed start Y first: the test means something.
    expect((await simulatePlan(makePlan(specs, planSpec))).makespanMs).toBe(11_000);
  });

  it('tickets that will not run are left out: behind a failure, or rolling back', async () => {
    const specs: TicketSpec[] = [
      { id: 'F', estimateMs: 1000 },
      { id: 'G', estimateMs: 9000, dependsOn: ['F'] },
      { id: 'R', estimateMs: 1000, rollback: true },
      { id: 'S', estimateMs: 9000, dependsOn: ['R'] },
      { id: 'T', estimateMs: 9000, dependsOn: ['S'] },
      { id: 'OK', estimateMs: 1500 },
    ];
    expect(await eta(specs, { states: { F: 'failed', R: 'rollingBack' } })).toBe(1500);
  });

  it('held and retrying tickets count in full', async () => {
    const specs: TicketSpec[] = [
      { id: 'H', estimateMs: 1000 },
      { id: 'R', estimateMs: 1000, dependsOn: ['H'] },
    ];
    expect(await eta(specs, { states: { H: 'held', R: 'waiting' } })).toBe(2000);
    expect(await eta(specs, { states: { H: 'retrying' } })).toBe(2000);
  });

  it('tickets without an estimate take the plan default (60s in makePlan)', async () => {
    expect(await eta([{ id: 'A' }])).toBe(60_000);
  });

  it('Infinity when a ticket left has no agent of its type', async () => {
    const specs: TicketSpec[] = [
      { id: 'A', estimateMs: 1000 },
      { id: 'D', estimateMs: 1000, agent: 'doc' },
    ];
    const planSpec: PlanSpec = { agents: [{ name: 'shell', count: 1 }, { name: 'doc', count: 1 }] };
    expect(await eta(specs, { agents: { shell: 1, doc: 0 } }, planSpec)).toBe(Number.POSITIVE_INFINITY);
    // A type with no agent and nothing left to do does not matter.
    expect(await eta(specs, { agents: { shell: 1, doc: 0 }, states: { D: 'completed' } }, planSpec)).toBe(1000);
  });

  it('respects resources: two tickets on a mutex run one after the other', async () => {
    const specs: TicketSpec[] = [
      { id: 'A', estimateMs: 1000, resources: { db: 1 } },
      { id: 'B', estimateMs: 1000, resources: { db: 1 } },
    ];
    expect(await eta(specs, {}, { resources: { db: 1 } })).toBe(2000);
  });
});
