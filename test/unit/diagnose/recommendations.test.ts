/**
 * Recommendations and the what-ifs behind them: small plans simulated on the
 * engine's virtual clock, exact numbers.
 */
import { describe, expect, it } from 'vitest';
import {
  countsBetween,
  diagnosePlan,
  diagnoseRun,
  enoughAgents,
  gainOf,
  simulateMakespan,
  withoutConflict,
  withSplit,
  worthIt,
} from '../../../src/runtime/diagnose/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf, recorded } from './journal.js';

const M = 60_000;

describe('run recommendations', () => {
  it('a saturated pool: add agents, with the simulated gain of the fewest that do as well as any', async () => {
    const ids = ['T1', 'T2', 'T3', 'T4', 'T5', 'T6'];
    const plan = makePlan(ids.map((id) => ({ id, estimateMs: 10 * M })));
    const journal = journalOf(
      plan,
      Object.fromEntries(ids.map((id, k) => [id, [{ agent: `agent-00${(k % 2) + 1}`, start: Math.floor(k / 2) * 10 * M, end: (Math.floor(k / 2) + 1) * 10 * M }]])),
    );
    const d = await diagnoseRun(recorded(plan, journal));
    expect(d.agentTypes).toEqual([{ type: 'shell', agents: 2, busyMs: 60 * M, utilization: 1, waitedForAgentMs: 60 * M }]);
    expect(d.model).toEqual({ baselineMs: 30 * M, ratio: 1, observed: 6, skipped: 0 });
    expect(d.recommendations).toEqual([
      {
        kind: 'add-agents',
        section: 'bottlenecks',
        agentType: 'shell',
        add: 4,
        from: 2,
        beforeMs: 30 * M,
        afterMs: 10 * M,
        savedMs: 20 * M,
        savedShare: 2 / 3,
        text: '4 more `shell` agents (2 → 6) would cut 20m (−67%: 30m → 10m); 1 more already cuts 10m (−33%: 30m → 20m): they were 100% busy and their tickets waited 1h for one',
      },
    ]);
  });

  it('recommends nothing that cuts less than 5 %, and only for the sections asked', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 100 * M }, { id: 'B', estimateMs: M }, { id: 'C', estimateMs: M }], { agents: [{ name: 'shell', count: 2 }] });
    // C waited a minute for an agent; a third agent saves at most that minute: under 5 % of 100m.
    const journal = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 100 * M }], B: [{ agent: 'agent-002', start: 0, end: M }], C: [{ agent: 'agent-002', start: M, end: 2 * M }] });
    const all = await diagnoseRun(recorded(plan, journal));
    expect(all.agentTypes[0]!.waitedForAgentMs).toBe(M);
    // Splitting A, all of the chain, pays; a third agent does not.
    expect(all.recommendations.map((r) => [r.kind, r.savedMs])).toEqual([['split-ticket', 49 * M]]);
    const conflictsOnly = await diagnoseRun(recorded(plan, journal), { sections: ['conflicts'] });
    expect(conflictsOnly.sections).toEqual(['conflicts']);
    expect(conflictsOnly.recommendations).toEqual([]);
  });

  it('tickets without an estimate: what they took', async () => {
    const plan = makePlan([{ id: 'A' }, { id: 'B', estimateMs: M }]);
    const journal = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 4 * M }], B: [{ agent: 'agent-002', start: 0, end: M }] });
    const d = await diagnoseRun(recorded(plan, journal));
    expect(d.estimates.missing).toEqual(['A']);
    expect(d.recommendations.find((r) => r.kind === 'add-estimates')?.text).toBe(
      'Give this ticket an estimate (they counted as 1m each): A (took 4m); the critical path, the ranks and the ETA depend on them',
    );
  });
});

describe('plan diagnosis', () => {
  it('conflicts and their cost, the agent curve and where it flattens, bottlenecks, missing estimates, recommendations', async () => {
    const plan = makePlan(
      [
        { id: 'CORE', estimateMs: 30 * M },
        { id: 'API', estimateMs: 20 * M, dependsOn: ['CORE'], conflictsWith: ['UI'] },
        { id: 'UI', estimateMs: 20 * M, dependsOn: ['CORE'] },
        { id: 'DOCS', dependsOn: ['CORE'] },
        { id: 'SHIP', estimateMs: 10 * M, dependsOn: ['API', 'UI'] },
      ],
      { agents: [{ name: 'shell', count: 2 }] },
    );
    const d = await diagnosePlan(plan);
    // CORE 30, then API and UI one after the other (conflict), then SHIP: 80m; without the conflict 60m.
    expect(d.makespanMs).toBe(80 * M);
    expect(d.criticalPath).toEqual({
      tickets: [
        { id: 'CORE', estimateMs: 30 * M, estimated: true },
        { id: 'API', estimateMs: 20 * M, estimated: true },
        { id: 'SHIP', estimateMs: 10 * M, estimated: true },
      ],
      totalMs: 60 * M,
    });
    expect(d.bottlenecks).toEqual([{ id: 'CORE', dependents: 3, estimateMs: 30 * M, remainingMs: 60 * M }]);
    expect(d.conflicts).toEqual([{ kind: 'declared', label: 'API ↔ UI (declared)', tickets: ['API', 'UI'], costMs: 20 * M }]);
    expect(d.conflictsCostMs).toBe(20 * M);
    expect(d.curves).toEqual([
      {
        agentType: 'shell',
        planned: 2,
        points: [
          { agents: 1, makespanMs: 81 * M },
          { agents: 2, makespanMs: 80 * M },
          { agents: 3, makespanMs: 80 * M },
          { agents: 4, makespanMs: 80 * M },
          { agents: 5, makespanMs: 80 * M },
        ],
        // 1 agent is 81m, over 1 % worse than 80m: 2 is where more stop helping.
        enoughAt: 2,
      },
    ]);
    expect(d.missingEstimates).toEqual({ tickets: ['DOCS'], defaultMs: M });
    expect(d.recommendations.map((r) => r.text)).toEqual([
      'Resolve the conflict API ↔ UI (declared): it serialises work; without it the plan would be 20m (−25%: 1h 20m → 1h) shorter',
      'Split CORE: 30m of the 1h critical path, 3 tickets wait for it; in two halves that can run side by side the plan would be 15m (−19%: 1h 20m → 1h 5m) shorter',
      'Split API: 20m of the 1h critical path; in two halves that can run side by side the plan would be 10m (−13%: 1h 20m → 1h 10m) shorter',
      'Give this ticket an estimate (counted as 1m each): DOCS; the critical path, the ranks and every number here depend on them',
    ]);
  });

  it('sections: only what was asked is computed', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: M, conflictsWith: ['B'] }, { id: 'B', estimateMs: M }]);
    const conflicts = await diagnosePlan(plan, { sections: ['conflicts'] });
    expect(conflicts.curves).toEqual([]);
    expect(conflicts.conflicts).toHaveLength(1);
    const bottlenecks = await diagnosePlan(plan, { sections: ['bottlenecks'] });
    expect(bottlenecks.conflicts).toEqual([]);
    expect(bottlenecks.curves).toHaveLength(1);
  });
});

describe('what-if building blocks', () => {
  it('a split ticket: two halves, dependents wait for both, conflicts carried over', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 100, conflictsWith: ['C'] }, { id: 'B', estimateMs: 10, dependsOn: ['A'] }, { id: 'C', estimateMs: 10 }]);
    const split = withSplit(plan, 0);
    expect(split.tickets.map((t) => [t.id, t.estimateMs, t.dependsOn, t.conflictsWith])).toEqual([
      ['A', 50, [], [2]],
      ['B', 10, [0, 3], []],
      ['C', 10, [], [0, 3]],
      ['A~2', 50, [], [2]],
    ]);
    expect(plan.tickets[1]!.dependsOn).toEqual([0]);
    expect(await simulateMakespan(plan)).toBe(110);
    expect(await simulateMakespan(split)).toBe(60);
    expect(withoutConflict(plan, 0, 2).tickets.map((t) => t.conflictsWith)).toEqual([[], [], []]);
  });

  it('curves, knees and thresholds', () => {
    expect(countsBetween(1, 6, 16)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(countsBetween(1, 64, 5)).toEqual([1, 3, 8, 23, 64]);
    expect(enoughAgents([{ agents: 1, makespanMs: 100 }, { agents: 2, makespanMs: 60 }, { agents: 3, makespanMs: 59.5 }, { agents: 4, makespanMs: 59.5 }])).toBe(2);
    expect(worthIt(gainOf(100, 95))).toBe(true);
    expect(worthIt(gainOf(100, 95.1))).toBe(false);
  });
});
