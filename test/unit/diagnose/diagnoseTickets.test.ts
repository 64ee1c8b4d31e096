/**
 * Where each ticket's time went, from journals written by hand: every
 * number is exact.
 */
import { describe, expect, it } from 'vitest';
import { diagnoseRun, type TicketDiagnosis } from '../../../src/runtime/diagnose/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf, recorded } from './journal.js';

const noWhatIf = { whatIf: false } as const;
const ticket = (tickets: TicketDiagnosis[], id: string) => tickets.find((t) => t.id === id)!;

describe('ready but not started: why', () => {
  it('a ticket that waited on a mutex shows the wait, the resource and its holder (with the dispatcher’s record)', async () => {
    const plan = makePlan(
      [
        { id: 'DB-001', estimateMs: 600, resources: { database: 1 } },
        { id: 'DB-002', estimateMs: 300, resources: { database: 1 } },
      ],
      { resources: { database: 1 } },
    );
    const journal = journalOf(plan, { 'DB-001': [{ agent: 'agent-001', start: 0, end: 600 }], 'DB-002': [{ agent: 'agent-002', start: 600, end: 900 }] });
    const d = await diagnoseRun(recorded(plan, journal, [{ at: 0, ticket: 1, kind: 'resource', on: 'database (held by DB-001)' }]), noWhatIf);
    expect(ticket(d.tickets, 'DB-002')).toMatchObject({ readyMs: 600, readyByCause: { resource: 600 }, heldBy: [{ id: 'DB-001', ms: 600 }], runningMs: 300 });
    expect(d.contended).toEqual([{ key: 'resource:database', kind: 'resource', label: 'database (mutex)', waitedMs: 600, waiters: ['DB-002'], holders: ['DB-001'] }]);
  });

  it('a mutex queue: each waiter is charged to whoever held it at the time, not only to the first holder', async () => {
    const plan = makePlan(['M1', 'M2', 'M3'].map((id) => ({ id, estimateMs: 100, resources: { lock: 1 } })), { agents: [{ name: 'shell', count: 3 }] });
    const journal = journalOf(plan, {
      M1: [{ agent: 'agent-001', start: 0, end: 100 }],
      M2: [{ agent: 'agent-002', start: 100, end: 250 }],
      M3: [{ agent: 'agent-003', start: 250, end: 300 }],
    });
    // The dispatcher records a wait once: M3's row names M1 only.
    const waits = [
      { at: 0, ticket: 1, kind: 'resource', on: 'lock (held by M1)' },
      { at: 0, ticket: 2, kind: 'resource', on: 'lock (held by M1)' },
    ];
    const d = await diagnoseRun(recorded(plan, journal, waits), noWhatIf);
    expect(ticket(d.tickets, 'M3')).toMatchObject({ readyMs: 250, readyByCause: { resource: 250 }, heldBy: [{ id: 'M2', ms: 150 }, { id: 'M1', ms: 100 }] });
  });

  it('with every agent of its type busy and nothing else in the way: no idle agent', async () => {
    const plan = makePlan([{ id: 'A' }, { id: 'B' }, { id: 'C' }], { agents: [{ name: 'shell', count: 1 }] });
    const journal = journalOf(plan, {
      A: [{ agent: 'agent-001', start: 0, end: 100 }],
      B: [{ agent: 'agent-001', start: 100, end: 200 }],
      C: [{ agent: 'agent-001', start: 230, end: 300 }],
    });
    const d = await diagnoseRun(recorded(plan, journal), noWhatIf);
    expect(ticket(d.tickets, 'B').readyByCause).toEqual({ agent: 100 });
    // C: 200 with the agent busy, then 30 with it idle and nothing recorded: dispatch (latency, a pause).
    expect(ticket(d.tickets, 'C').readyByCause).toEqual({ agent: 200, dispatch: 30 });
    expect(d.agentTypes).toEqual([{ type: 'shell', agents: 1, busyMs: 270, utilization: 0.9, waitedForAgentMs: 300 }]);
    expect(d.waiting).toEqual({ dependencyMs: 0, readyMs: 330, byCause: { agent: 300, dispatch: 30 } });
  });

  it('conflicts and isolation come before agents, as in dispatch', async () => {
    const plan = makePlan(
      [
        { id: 'F1', conflictsWith: ['F2'] },
        { id: 'F2' },
        { id: 'ISO', isolated: true },
        { id: 'X' },
      ],
      { agents: [{ name: 'shell', count: 2 }] },
    );
    const journal = journalOf(plan, {
      F1: [{ agent: 'agent-001', start: 0, end: 100 }],
      F2: [{ agent: 'agent-001', start: 100, end: 200 }],
      ISO: [{ agent: 'agent-001', start: 200, end: 300 }],
      X: [{ agent: 'agent-002', start: 300, end: 350 }],
    });
    const d = await diagnoseRun(recorded(plan, journal), noWhatIf);
    expect(ticket(d.tickets, 'F2')).toMatchObject({ readyByCause: { conflict: 100 }, heldBy: [{ id: 'F1', ms: 100 }] });
    // ISO (isolated) waited for everything running to end: F1, then F2.
    expect(ticket(d.tickets, 'ISO')).toMatchObject({ readyByCause: { isolation: 200 }, heldBy: [{ id: 'F1', ms: 100 }, { id: 'F2', ms: 100 }] });
    // X had an idle agent all along: before ISO, nothing visible held it (dispatch); during ISO, isolation.
    expect(ticket(d.tickets, 'X').readyByCause).toEqual({ dispatch: 200, isolation: 100 });
    expect(d.contended.map((c) => [c.key, c.waitedMs])).toEqual([
      ['isolation', 300],
      ['conflict:F1 ↔ F2', 100],
    ]);
  });

  it('strategy sequential: one ticket at a time', async () => {
    const plan = makePlan([{ id: 'A' }, { id: 'B' }], { strategy: 'sequential' });
    const journal = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 100 }], B: [{ agent: 'agent-002', start: 100, end: 200 }] });
    const d = await diagnoseRun(recorded(plan, journal), noWhatIf);
    expect(ticket(d.tickets, 'B')).toMatchObject({ readyByCause: { concurrency: 100 } });
  });

  it('what the replay cannot see goes to the dispatcher’s record from the moment it was made (a reservation)', async () => {
    const plan = makePlan([{ id: 'A' }, { id: 'B', resources: { quota: 1 } }], { resources: { quota: 2 } });
    const journal = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 100 }], B: [{ agent: 'agent-002', start: 100, end: 200 }] });
    const d = await diagnoseRun(recorded(plan, journal, [{ at: 40, ticket: 1, kind: 'reserved', on: 'quota (reserved for Z)' }]), noWhatIf);
    expect(ticket(d.tickets, 'B').readyByCause).toEqual({ dispatch: 40, reserved: 60 });
    expect(d.contended.map((c) => [c.key, c.waitedMs])).toEqual([['reserved:quota', 60]]);
  });
});

describe('a ticket’s other time', () => {
  it('dependencies, attempts, retries, backoff, interruptions, actual against estimate', async () => {
    const plan = makePlan([
      { id: 'A', estimateMs: 100 },
      { id: 'B', estimateMs: 200, dependsOn: ['A'], retries: 2 },
    ]);
    const journal = journalOf(plan, {
      A: [{ agent: 'agent-001', start: 0, end: 100 }],
      B: [
        { agent: 'agent-001', start: 100, end: 150, then: 'retrying', until: 1150 },
        { agent: 'agent-002', start: 1150, end: 1200, then: 'interrupted', until: 1500 },
        { agent: 'agent-001', start: 1500, end: 1800 },
      ],
    });
    const d = await diagnoseRun(recorded(plan, journal), noWhatIf);
    expect(ticket(d.tickets, 'B')).toEqual({
      id: 'B',
      agent: 'shell',
      state: 'completed',
      dependencyMs: 100,
      lastDependency: 'A',
      readyMs: 0,
      readyByCause: {},
      heldBy: [],
      attempts: [
        { attempt: 1, agentId: 'agent-001', startedAt: 100, busyMs: 50, outcome: 'retrying' },
        { attempt: 2, agentId: 'agent-002', startedAt: 1150, busyMs: 50, outcome: 'interrupted' },
        { attempt: 3, agentId: 'agent-001', startedAt: 1500, busyMs: 300, outcome: 'completed' },
      ],
      runningMs: 400,
      retries: 1,
      backoffMs: 1000,
      interruptedMs: 300,
      heldMs: 0,
      estimateMs: 200,
      ratio: 2,
      startedAt: 100,
      endedAt: 1800,
    });
    expect(d.estimates).toEqual({
      ratio: 500 / 300,
      measured: 2,
      actualMs: 500,
      estimatedMs: 300,
      worst: [{ id: 'B', estimateMs: 200, actualMs: 400, ratio: 2 }],
      missing: [],
    });
    expect(d.agents).toEqual([
      { id: 'agent-001', type: 'shell', tickets: 2, busyMs: 450, utilization: 0.25 },
      { id: 'agent-002', type: 'shell', tickets: 1, busyMs: 50, utilization: 50 / 1800 },
    ]);
  });

  it('a live run is diagnosed as of now', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 1000 }, { id: 'B', estimateMs: 1000 }], { agents: [{ name: 'shell', count: 1 }] });
    const journal = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 1000 }] }).filter((r) => r.to === 'executing');
    const d = await diagnoseRun({ ...recorded(plan, journal), status: 'running', endedAt: undefined, now: 400, live: true }, noWhatIf);
    expect(d.wallMs).toBe(400);
    expect(ticket(d.tickets, 'A')).toMatchObject({ state: 'executing', runningMs: 400 });
    expect(ticket(d.tickets, 'B')).toMatchObject({ state: 'ready', readyByCause: { agent: 400 } });
    expect(d.criticalChain).toMatchObject({ end: 'A', totalMs: 400 });
  });
});
