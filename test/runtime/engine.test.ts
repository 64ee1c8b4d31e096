import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ExecutionResult, Executor } from '../../src/actors/types.js';
import type { EngineEvent } from '../../src/runtime/events.js';
import type { EngineJob } from '../../src/runtime/jobForTicket.js';
import { runOnVirtualClock, simulatePlan } from '../../src/runtime/simulatePlan.js';
import { createEngineInternal } from '../../src/runtime/createEngine.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { checkTrace } from '../helpers/checkTrace.js';
import { makePlan, type TicketSpec } from '../helpers/makePlan.js';

const fail = (message = 'boom', retryable = true): ExecutionResult => ({ ok: false, error: { code: 'EXIT_CODE', message, retryable }, durationMs: 0 });

async function simulate(plan: ReturnType<typeof makePlan>, opts: Parameters<typeof simulatePlan>[1] = {}) {
  const events: EngineEvent[] = [];
  const sim = await simulatePlan(plan, {
    ...opts,
    listener: (e) => {
      events.push(e);
      opts.listener?.(e);
    },
  });
  const starts = (id: string) => events.filter((e) => e.type === 'ticket.transition' && e.ticket === id && e.to === 'executing').map((e) => e.at);
  return { sim, events, starts, errors: checkTrace(plan, events) };
}

describe('engine on a virtual clock', () => {
  it('runs a diamond in dependency order, the two middle tickets in parallel', async () => {
    const plan = makePlan([
      { id: 'A', estimateMs: 1000 },
      { id: 'B', estimateMs: 2000, dependsOn: ['A'] },
      { id: 'C', estimateMs: 3000, dependsOn: ['A'] },
      { id: 'D', estimateMs: 1000, dependsOn: ['B', 'C'] },
    ]);
    const { sim, starts, errors } = await simulate(plan);
    expect(errors).toEqual([]);
    expect(sim.result.status).toBe('completed');
    expect(starts('B')).toEqual([1000]);
    expect(starts('C')).toEqual([1000]);
    expect(starts('D')).toEqual([4000]);
    expect(sim.makespanMs).toBe(5000);
  });

  it('puts the critical path first when agents are scarce', async () => {
    // One agent: the long chain's head must go before the short independent tickets.
    const plan = makePlan(
      [
        { id: 'S1', estimateMs: 1000 },
        { id: 'S2', estimateMs: 1000 },
        { id: 'L1', estimateMs: 1000 },
        { id: 'L2', estimateMs: 5000, dependsOn: ['L1'] },
      ],
      { agents: [{ name: 'shell', count: 2 }] },
    );
    const { starts } = await simulate(plan);
    expect(starts('L1')).toEqual([0]);
    expect(starts('L2')).toEqual([1000]);
  });

  it('never gives a mutex to two tickets, and lets others run meanwhile', async () => {
    const plan = makePlan(
      [
        { id: 'M1', estimateMs: 1000, resources: { db: 1 } },
        { id: 'M2', estimateMs: 1000, resources: { db: 1 } },
        { id: 'X', estimateMs: 1000 },
      ],
      { resources: { db: 1 }, agents: [{ name: 'shell', count: 3 }] },
    );
    const { sim, starts, errors } = await simulate(plan);
    expect(errors).toEqual([]);
    expect([...starts('M1'), ...starts('M2')].sort()).toEqual([0, 1000]);
    expect(starts('X')).toEqual([0]);
    expect(sim.makespanMs).toBe(2000);
  });

  it('never runs conflicting tickets together', async () => {
    const plan = makePlan([
      { id: 'F1', estimateMs: 1000, conflictsWith: ['F2'] },
      { id: 'F2', estimateMs: 1000 },
    ]);
    const { sim, errors } = await simulate(plan);
    expect(errors).toEqual([]);
    expect(sim.makespanMs).toBe(2000);
  });

  it('retries a failed attempt after the backoff and completes', async () => {
    const plan = makePlan([{ id: 'FLAKY', estimateMs: 1000, retries: 2, backoffMs: 500 }]);
    const { sim, starts, events } = await simulate(plan, {
      outcomeOf: (job: EngineJob) => (job.meta.phase === 'work' && job.meta.attempt === 1 ? fail('503') : undefined),
    });
    expect(sim.result.status).toBe('completed');
    expect(starts('FLAKY')).toEqual([0, 1500]);
    expect(sim.result.tickets[0]).toMatchObject({ state: 'completed', attempts: 2 });
    expect(events.some((e) => e.type === 'ticket.transition' && e.to === 'retrying' && e.error?.message === '503')).toBe(true);
  });

  it('blocks the dependents of a failed ticket and finishes the rest (exit status failed)', async () => {
    const plan = makePlan([
      { id: 'BAD', estimateMs: 1000 },
      { id: 'CHILD', dependsOn: ['BAD'] },
      { id: 'GRANDCHILD', dependsOn: ['CHILD'] },
      { id: 'OTHER', estimateMs: 3000 },
    ]);
    const { sim, errors } = await simulate(plan, { outcomeOf: (job) => (job.meta.ticketId === 'BAD' ? fail() : undefined) });
    expect(errors).toEqual([]);
    expect(sim.result.status).toBe('failed');
    const states = Object.fromEntries(sim.result.tickets.map((t) => [t.id, t.state]));
    expect(states).toEqual({ BAD: 'failed', CHILD: 'blocked', GRANDCHILD: 'blocked', OTHER: 'completed' });
    expect(sim.result.tickets.find((t) => t.id === 'GRANDCHILD')?.reason).toBe('CHILD');
  });

  it('does not retry a non-retryable failure', async () => {
    const plan = makePlan([{ id: 'T', retries: 3 }]);
    const { sim } = await simulate(plan, { outcomeOf: () => fail('config error', false) });
    expect(sim.result.tickets[0]).toMatchObject({ state: 'failed', attempts: 1 });
  });

  it('cancels everything left with fail-fast', async () => {
    const plan = makePlan([{ id: 'BAD', estimateMs: 1000 }, { id: 'LONG', estimateMs: 10_000 }, { id: 'NEXT', dependsOn: ['LONG'] }]);
    const { sim } = await simulate(plan, { failFast: true, outcomeOf: (job) => (job.meta.ticketId === 'BAD' ? fail() : undefined) });
    expect(sim.result.status).toBe('failed');
    expect(sim.result.tickets.map((t) => t.state)).toEqual(['failed', 'cancelled', 'cancelled']);
    expect(sim.makespanMs).toBeLessThan(10_000);
  });

  it('runs validation gates; a failing gate fails the attempt, then rollback runs', async () => {
    const plan = makePlan([{ id: 'G', gates: 2, rollback: true, retries: 1, backoffMs: 10 }]);
    const phases: string[] = [];
    const { sim } = await simulate(plan, {
      outcomeOf: (job) => {
        phases.push(`${job.meta.phase}${job.meta.attempt}`);
        return job.meta.phase === 'gate' ? fail('gate says no') : undefined;
      },
    });
    expect(sim.result.tickets[0]).toMatchObject({ state: 'failed', attempts: 2, rollback: 'ok' });
    expect(phases).toEqual(['work1', 'gate1', 'work2', 'gate2', 'rollback2']);
  });

  it('treats tickets completed in the registry as done', async () => {
    const plan = makePlan([{ id: 'DONE', registryStatus: 'completed' }, { id: 'NEXT', dependsOn: ['DONE'], estimateMs: 1000 }]);
    const { sim, starts } = await simulate(plan);
    expect(sim.result.status).toBe('completed');
    expect(starts('DONE')).toEqual([]);
    expect(starts('NEXT')).toEqual([0]);
  });

  it('runs an isolated ticket alone', async () => {
    const plan = makePlan(
      [{ id: 'A', estimateMs: 1000 }, { id: 'ISO', estimateMs: 1000, isolated: true, priority: 'critical' }, { id: 'B', estimateMs: 1000 }],
      { agents: [{ name: 'shell', count: 3 }] },
    );
    const { sim, errors } = await simulate(plan);
    expect(errors).toEqual([]);
    expect(sim.makespanMs).toBe(2000);
  });

  it('runs one at a time with the sequential strategy', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000 }, { id: 'C', estimateMs: 1000 }], {
      agents: [{ name: 'shell', count: 4 }],
      strategy: 'sequential',
    });
    const { sim } = await simulate(plan);
    expect(sim.makespanMs).toBe(3000);
  });

  it('pauses after running tickets finish, resumes, and completes', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000, dependsOn: ['A'] }]);
    const states: string[] = [];
    const { sim, starts } = await simulate(plan, {
      listener: (e) => e.type === 'run.state' && states.push(e.to),
      setup: (engine, clock) => {
        clock.setTimeout(() => void engine.pause({ wait: true }), 500);
        clock.setTimeout(() => engine.resume(), 5000);
      },
    });
    expect(sim.result.status).toBe('completed');
    expect(states).toEqual(['running', 'pausing', 'paused', 'running', 'completed']);
    expect(starts('B')).toEqual([5000]);
  });

  it('interrupts and re-queues running tickets when pausing without waiting', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }]);
    const { sim, starts } = await simulate(plan, {
      setup: (engine, clock) => {
        clock.setTimeout(() => void engine.pause({ wait: false }), 500);
        clock.setTimeout(() => engine.resume(), 2000);
      },
    });
    expect(sim.result.status).toBe('completed');
    expect(starts('A')).toEqual([0, 2000]);
    expect(sim.result.tickets[0]).toMatchObject({ attempts: 2, state: 'completed' });
  });

  it('stops gracefully (running tickets finish) or by force (they are interrupted)', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000, dependsOn: ['A'] }]);
    const graceful = await simulate(plan, { setup: (e, c) => c.setTimeout(() => void e.stop(), 500) });
    expect(graceful.sim.result.status).toBe('stopped');
    expect(graceful.sim.result.tickets.map((t) => t.state)).toEqual(['completed', 'ready']);
    const forced = await simulate(plan, { setup: (e, c) => c.setTimeout(() => void e.stop({ force: true }), 500) });
    expect(forced.sim.result.status).toBe('stopped');
    expect(forced.sim.result.tickets.map((t) => t.state)).toEqual(['interrupted', 'waiting']);
    expect(forced.sim.makespanMs).toBe(0);
  });

  it('holds a ticket until released, and re-ranks on a priority change', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000 }, { id: 'C', estimateMs: 1000 }], {
      agents: [{ name: 'shell', count: 1 }],
    });
    const { starts } = await simulate(plan, {
      setup: (engine, clock) => {
        engine.hold('A');
        engine.setPriority('C', 'critical');
        clock.setTimeout(() => engine.release('A'), 1500);
      },
    });
    expect(starts('C')).toEqual([0]);
    expect(starts('B')).toEqual([1000]);
    expect(starts('A')).toEqual([2000]);
  });

  it('replaces an agent that crashed and retries its ticket', async () => {
    const plan = makePlan([{ id: 'T', retries: 1, backoffMs: 0, estimateMs: 100 }], { agents: [{ name: 'shell', count: 1 }] });
    const agentStates: string[] = [];
    const { sim } = await simulate(plan, {
      listener: (e) => e.type === 'agent.transition' && agentStates.push(e.to),
      outcomeOf: (job) =>
        job.meta.attempt === 1 ? { ok: false, error: { code: 'WORKER_CRASHED', message: 'worker exited', retryable: true, agentCrashed: true }, durationMs: 0 } : undefined,
    });
    expect(sim.result.status).toBe('completed');
    expect(agentStates).toEqual(['busy', 'replacing', 'idle', 'busy', 'idle']);
  });

  it('hands a busy agent its next ticket without leaving busy, and releases it when none is left', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 100 }, { id: 'B', estimateMs: 100, dependsOn: ['A'] }], { agents: [{ name: 'shell', count: 1 }] });
    const seen: string[] = [];
    await simulate(plan, { listener: (e) => e.type === 'agent.transition' && seen.push(`${e.from}>${e.to}:${e.ticket}`) });
    expect(seen).toEqual(['idle>busy:A', 'busy>idle:B']);
  });

  it('explains why tickets wait', async () => {
    const plan = makePlan(
      [
        { id: 'HOLDER', estimateMs: 1000, resources: { db: 1 } },
        { id: 'WANTS_DB', estimateMs: 1000, resources: { db: 1 } },
        { id: 'DEP', dependsOn: ['HOLDER'] },
      ],
      { resources: { db: 1 }, agents: [{ name: 'shell', count: 3 }] },
    );
    let waits: unknown;
    await simulate(plan, { setup: (engine, clock) => clock.setTimeout(() => (waits = engine.explainWaits()), 500) });
    expect(waits).toEqual([
      { ticket: 'WANTS_DB', state: 'ready', reason: { kind: 'resource', resource: 'db', needed: 1, free: 0, heldBy: [0] } },
      { ticket: 'DEP', state: 'waiting', reason: { kind: 'dependency', on: [0] } },
    ]);
  });

  it('property: random plans keep every promise (dependencies, capacity, conflicts, one final state each, no deadlock)', async () => {
    const planArb = fc
      .record({
        n: fc.integer({ min: 1, max: 40 }),
        agents: fc.record({ a: fc.integer({ min: 1, max: 4 }), b: fc.integer({ min: 1, max: 3 }) }),
        caps: fc.record({ r1: fc.integer({ min: 1, max: 3 }), r2: fc.constant(1) }),
        strategy: fc.constantFrom('balanced', 'critical-path', 'sequential', 'maximum' as const),
        rows: fc.array(
          fc.record({
            deps: fc.array(fc.nat(), { maxLength: 3 }),
            b: fc.boolean(),
            r1: fc.integer({ min: 0, max: 3 }),
            r2: fc.boolean(),
            conflict: fc.option(fc.nat(), { nil: undefined }),
            iso: fc.integer({ min: 0, max: 20 }),
            est: fc.integer({ min: 1, max: 50 }),
            fails: fc.integer({ min: 0, max: 3 }),
            retries: fc.integer({ min: 0, max: 2 }),
            prio: fc.constantFrom('critical', 'high', 'medium', 'low' as const),
          }),
          { minLength: 40, maxLength: 40 },
        ),
      })
      .map(({ n, agents, caps, strategy, rows }) => {
        const specs: TicketSpec[] = rows.slice(0, n).map((r, i) => ({
          id: `T${i}`,
          agent: r.b ? 'b' : 'a',
          priority: r.prio,
          estimateMs: r.est * 100,
          // Only earlier tickets: a DAG by construction.
          dependsOn: i === 0 ? [] : [...new Set(r.deps.map((d) => `T${d % i}`))],
          resources: { ...(r.r1 > 0 ? { r1: Math.min(r.r1, caps.r1) } : {}), ...(r.r2 ? { r2: 1 } : {}) },
          conflictsWith: r.conflict !== undefined && r.conflict % n !== i ? [`T${r.conflict % n}`] : [],
          isolated: r.iso === 0,
          retries: r.retries,
          backoffMs: 50,
        }));
        const failing = new Map(rows.slice(0, n).map((r, i) => [`T${i}`, r.fails]));
        return { plan: makePlan(specs, { agents: [{ name: 'a', count: agents.a }, { name: 'b', count: agents.b }], resources: caps, strategy }), failing };
      });
    await fc.assert(
      fc.asyncProperty(planArb, async ({ plan, failing }) => {
        const { sim, errors } = await simulate(plan, {
          // A ticket fails its first `fails` attempts.
          outcomeOf: (job) => (job.meta.phase === 'work' && job.meta.attempt <= (failing.get(job.meta.ticketId) ?? 0) ? fail() : undefined),
        });
        expect(errors).toEqual([]);
        const unsuccessful = sim.result.tickets.filter((t) => t.state !== 'completed').length;
        expect(sim.result.status).toBe(unsuccessful === 0 ? 'completed' : 'failed');
      }),
      { numRuns: 150 },
    );
  });
});

describe('tickets added to a running plan', () => {
  it('runs added tickets, after the old ones they depend on, and keeps the promises', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000, dependsOn: ['A'] }], { agents: [{ name: 'shell', count: 2 }] });
    const extended = makePlan(
      [
        { id: 'A', estimateMs: 1000 },
        { id: 'B', estimateMs: 1000, dependsOn: ['A'] },
        { id: 'C', estimateMs: 1000, dependsOn: ['A'] },
        { id: 'D', estimateMs: 1000, dependsOn: ['B'], conflictsWith: ['C'] },
      ],
      { agents: [{ name: 'shell', count: 2 }] },
    );
    const events: EngineEvent[] = [];
    const sim = await simulatePlan(plan, {
      listener: (e) => events.push(e),
      setup: (engine, clock) => clock.setTimeout(() => expect(engine.addTickets(extended)).toEqual(['C', 'D']), 500),
    });
    expect(sim.result.status).toBe('completed');
    expect(sim.result.tickets.map((t) => [t.id, t.state, t.startedAt])).toEqual([
      ['A', 'completed', 0],
      ['B', 'completed', 1000],
      ['C', 'completed', 1000],
      ['D', 'completed', 2000],
    ]);
    expect(checkTrace(extended, events)).toEqual([]);
    expect(events.some((e) => e.type === 'run.extended')).toBe(true);
  });

  it('refuses a plan that does not extend the run', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 100 }]);
    let refused = '';
    await simulatePlan(plan, {
      setup: (engine) => {
        try {
          engine.addTickets(makePlan([{ id: 'X' }, { id: 'Y' }]));
        } catch (err) {
          refused = (err as Error).message;
        }
      },
    });
    expect(refused).toMatch(/keep every ticket of the run/);
  });
});

describe('an attempt interrupted just as its work succeeded', () => {
  it('is not run again after the resume: its success is reported by the next attempt', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }]);
    const clock = new VirtualClock(0);
    let runs = 0;
    // Work that does not stop when aborted (it was already ending) and succeeds a moment later.
    const executor: Executor = {
      run: (job) =>
        new Promise((resolve) => {
          if ((job as EngineJob).meta.phase === 'work') runs++;
          clock.setTimeout(() => resolve({ ok: true, exitCode: 0, durationMs: 1000 }), 1000);
        }),
    };
    const internals = createEngineInternal(plan, { clock, executor, runId: 'interrupt-test' });
    clock.setTimeout(() => void internals.engine.pause({ wait: false }), 500);
    clock.setTimeout(() => internals.engine.resume(), 3000);
    const result = await runOnVirtualClock(internals, clock);
    expect(result.status).toBe('completed');
    expect(runs).toBe(1);
    expect(result.tickets[0]).toMatchObject({ state: 'completed', attempts: 2 });
  });
});
