import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareRank, pickAssignments, ticketSource, type DispatchState, type DispatchTicket, type TicketSource } from '../../../src/runtime/dispatch/pickAssignments.js';

function ticket(index: number, over: Partial<DispatchTicket> & { resources?: Record<string, number> } = {}): DispatchTicket {
  const { resources = {}, ...rest } = over;
  return { index, rank: [index], agent: 'shell', needs: Object.entries(resources), conflictsWith: [], isolated: false, overtaken: 0, ...rest };
}
const units = (t: DispatchTicket, r: string) => t.needs.find(([name]) => name === r)?.[1] ?? 0;

function state(over: Partial<DispatchState> = {}): DispatchState {
  return {
    idleAgents: { shell: 8 },
    freeResources: {},
    isRunning: () => false,
    holdersOf: () => [],
    runningCount: 0,
    runningIsolated: [],
    concurrencyLimit: Number.POSITIVE_INFINITY,
    agingLimit: 8,
    ...over,
  };
}

const byType = (tickets: DispatchTicket[]) => {
  const m = new Map<string, DispatchTicket[]>();
  for (const t of [...tickets].sort((a, b) => compareRank(a.rank, b.rank))) m.set(t.agent, [...(m.get(t.agent) ?? []), t]);
  return new Map([...m].map(([type, list]) => [type, ticketSource(list)]));
};

describe('pickAssignments', () => {
  it('starts tickets in rank order while agents are idle', () => {
    const d = pickAssignments(byType([ticket(2), ticket(0), ticket(1)]), state({ idleAgents: { shell: 2 } }));
    expect(d.start.map((s) => s.index)).toEqual([0, 1]);
  });

  it('merges agent types by rank and reads nothing of a type without idle agents', () => {
    const untouchable: TicketSource = {
      next: () => {
        throw new Error('read a queue whose type has no idle agent');
      },
    };
    const queues = new Map<string, TicketSource>([
      ['shell', ticketSource([ticket(0, { rank: [5] }), ticket(1, { rank: [1] })].sort((a, b) => compareRank(a.rank, b.rank)))],
      ['compute', ticketSource([ticket(2, { agent: 'compute', rank: [3] })])],
      ['busy', untouchable],
    ]);
    const d = pickAssignments(queues, state({ idleAgents: { shell: 2, compute: 1, busy: 0 } }));
    expect(d.start.map((s) => s.index)).toEqual([1, 2, 0]);
  });

  it('acquires resources all or nothing, letting a smaller ticket overtake', () => {
    const big = ticket(0, { resources: { quota: 2 } });
    const small = ticket(1, { resources: { quota: 1 } });
    const d = pickAssignments(byType([big, small]), state({ freeResources: { quota: 1 }, holdersOf: () => [9] }));
    expect(d.start.map((s) => s.index)).toEqual([1]);
    expect(d.waits).toEqual([{ index: 0, reason: { kind: 'resource', resource: 'quota', needed: 2, free: 1, heldBy: [9] } }]);
    expect(d.overtaken).toEqual([0]);
  });

  it('reserves the resource for a ticket overtaken too often (aging)', () => {
    const big = ticket(0, { resources: { quota: 2 }, overtaken: 8 });
    const small = ticket(1, { resources: { quota: 1 } });
    const d = pickAssignments(byType([big, small]), state({ freeResources: { quota: 1 } }));
    expect(d.start).toEqual([]);
    expect(d.waits[1]).toEqual({ index: 1, reason: { kind: 'reserved', resource: 'quota', for: 0 } });
  });

  it('never starts a ticket beside a running or just-started conflicting one', () => {
    const a = ticket(0, { conflictsWith: [1] });
    const b = ticket(1, { conflictsWith: [0] });
    const c = ticket(2, { conflictsWith: [7] });
    const d = pickAssignments(byType([a, b, c]), state({ isRunning: (i) => i === 7 }));
    expect(d.start.map((s) => s.index)).toEqual([0]);
    expect(d.waits).toEqual([
      { index: 1, reason: { kind: 'conflict', with: 0 } },
      { index: 2, reason: { kind: 'conflict', with: 7 } },
    ]);
  });

  it('runs an isolated ticket alone', () => {
    const iso = ticket(0, { isolated: true });
    expect(pickAssignments(byType([iso, ticket(1)]), state()).start.map((s) => s.index)).toEqual([0]);
    const d = pickAssignments(byType([iso, ticket(1)]), state({ runningCount: 1 }));
    expect(d.start.map((s) => s.index)).toEqual([1]);
    expect(d.waits[0]?.reason.kind).toBe('isolation');
    expect(pickAssignments(byType([ticket(1)]), state({ runningCount: 1, runningIsolated: [5] })).start).toEqual([]);
  });

  it('drains the pool for an isolated ticket overtaken too often', () => {
    const iso = ticket(0, { isolated: true, overtaken: 8 });
    const d = pickAssignments(byType([iso, ticket(1), ticket(2)]), state({ runningCount: 1 }));
    expect(d.start).toEqual([]);
  });

  it('respects the concurrency limit (sequential strategy)', () => {
    const d = pickAssignments(byType([ticket(0), ticket(1)]), state({ concurrencyLimit: 1 }));
    expect(d.start.map((s) => s.index)).toEqual([0]);
    expect(pickAssignments(byType([ticket(0)]), state({ concurrencyLimit: 1, runningCount: 1 })).start).toEqual([]);
  });

  it('property: a decision never over-uses agents or resources, never co-schedules a conflict, and starts everything it could', () => {
    const arb = fc.record({
      n: fc.integer({ min: 1, max: 25 }),
      idle: fc.record({ a: fc.integer({ min: 0, max: 4 }), b: fc.integer({ min: 0, max: 4 }) }),
      free: fc.record({ r1: fc.integer({ min: 0, max: 3 }), r2: fc.integer({ min: 0, max: 1 }) }),
      seed: fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 1 }), fc.boolean(), fc.integer({ min: 0, max: 30 })), {
        minLength: 25,
        maxLength: 25,
      }),
      running: fc.uniqueArray(fc.integer({ min: 30, max: 40 }), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(arb, ({ n, idle, free, seed, running }) => {
        const tickets: DispatchTicket[] = [];
        for (let i = 0; i < n; i++) {
          const [typeB, r1, r2, iso, conflict] = seed[i] as [boolean, number, number, boolean, number];
          const resources: Record<string, number> = {};
          if (r1) resources.r1 = r1;
          if (r2) resources.r2 = r2;
          const conflictsWith = conflict !== i ? [conflict] : [];
          tickets.push(ticket(i, { agent: typeB ? 'b' : 'a', resources, isolated: iso && i % 7 === 0, conflictsWith }));
        }
        // Conflicts are symmetric in a compiled plan.
        for (const t of tickets) for (const c of t.conflictsWith) if (tickets[c]) (tickets[c].conflictsWith as number[]).push(t.index);
        const runningSet = new Set(running);
        const d = pickAssignments(byType(tickets), state({ idleAgents: idle, freeResources: free, isRunning: (i) => runningSet.has(i), runningCount: running.length }));
        const started = d.start.map((s) => tickets[s.index] as DispatchTicket);
        for (const type of ['a', 'b'] as const) expect(started.filter((t) => t.agent === type).length).toBeLessThanOrEqual(idle[type]);
        for (const r of ['r1', 'r2'] as const) expect(started.reduce((s, t) => s + units(t, r), 0)).toBeLessThanOrEqual(free[r]);
        const ids = new Set(started.map((t) => t.index));
        for (const t of started) for (const c of t.conflictsWith) expect(ids.has(c) || runningSet.has(c)).toBe(false);
        if (started.some((t) => t.isolated)) expect(started.length + running.length).toBe(1);
        // Nothing examined was left waiting without a reason, and every ticket is either started or explained or unread.
        const explained = new Set(d.waits.map((w) => w.index));
        for (const i of explained) expect(ids.has(i)).toBe(false);
        // Maximal: while an agent of a type stays idle, every ticket of that type was started or given a reason.
        const isoStarted = started.some((t) => t.isolated);
        for (const type of ['a', 'b'] as const) {
          if (isoStarted || idle[type] - started.filter((t) => t.agent === type).length === 0) continue;
          for (const t of tickets) if (t.agent === type) expect(ids.has(t.index) || explained.has(t.index)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
