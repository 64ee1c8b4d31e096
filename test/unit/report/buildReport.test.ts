/**
 * The report's model from a recorded run written by hand (`smallRun`): each
 * number below is worked out from the journal in the comment.
 */
import { describe, expect, it } from 'vitest';
import { buildReport, renderJson, type RunReport } from '../../../src/runtime/report/index.js';
import { parkedTime } from '../../../src/runtime/report/parkedTime.js';
import { START, liveInput, smallInput, smallRun } from './smallRun.js';

const noWhatIf = { whatIf: false } as const;
const ticket = (r: RunReport, id: string) => r.tickets.find((t) => t.id === id)!;

describe('buildReport on a finished run', () => {
  it('duration against the plan simulated from its estimates, and the lower bound', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.run).toMatchObject({ id: 'exec_20270115-080000-abcd', status: 'failed', live: false, startedAt: START, endedAt: START + 310, asOf: START + 310, wallMs: 310, total: 6 });
    expect(r.run.agents).toEqual([{ type: 'shell', count: 2 }]);
    // Predicted: A ‖ C at 0, B after A (the db), D after C, E after D: 200 + 50 + 50 = 300 = the critical path C → D → E.
    // Work 500 (F was done before the run) ÷ 2 agents = 250 < 300.
    expect(r.run.estimate).toEqual({ makespanMs: 300, lowerBoundMs: 300, criticalPathMs: 300, totalWorkMs: 500, ratio: 310 / 300, deltaMs: 10, lowerBoundRatio: 310 / 300 });
    expect((await buildReport(smallInput(), { ...noWhatIf, estimate: false })).run.estimate).toBeUndefined();
  });

  it("the seed's ExecutionMetrics", async () => {
    const { metrics } = await buildReport(smallInput(), noWhatIf);
    // Busy: A 100 + B 200 + C (50 + 100) + D 50 = 500 over 4 tickets that ran, in 310 ms on 2 agents.
    expect(metrics).toEqual({
      total_tickets: 6,
      completed_tickets: 4,
      failed_tickets: 1,
      blocked_tickets: 1,
      cancelled_tickets: 0,
      average_execution_time: 125,
      parallelism_factor: 500 / 310,
      parallelism_efficiency: 500 / 310 / 2,
      // The db held by A for 100 and B for 200.
      resource_utilization: { db: 300 / 310 },
      // B parked at 0 behind A's db, started at 100.
      conflict_resolution_time: 100,
      wall_time: 310,
      agents: 2,
    });
  });

  it('completion by priority, the settled ticket counted as completed', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.byPriority).toEqual([
      { priority: 'critical', total: 1, completed: 1, failed: 0, blocked: 0, cancelled: 0, unfinished: 0, completedShare: 1 },
      { priority: 'high', total: 1, completed: 1, failed: 0, blocked: 0, cancelled: 0, unfinished: 0, completedShare: 1 },
      { priority: 'medium', total: 2, completed: 2, failed: 0, blocked: 0, cancelled: 0, unfinished: 0, completedShare: 1 },
      { priority: 'low', total: 2, completed: 0, failed: 1, blocked: 1, cancelled: 0, unfinished: 0, completedShare: 0 },
    ]);
  });

  it('agent performance per agent and per type, failed attempts counted where they ran', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.agents).toEqual([
      // A, C twice (the first failed and was retried), D (failed): 100 + 50 + 100 + 50.
      { id: 'agent-001', type: 'shell', tickets: 3, attempts: 4, busyMs: 300, utilization: 300 / 310, failures: 2, meanMs: 75 },
      { id: 'agent-002', type: 'shell', tickets: 1, attempts: 1, busyMs: 200, utilization: 200 / 310, failures: 0, meanMs: 200 },
    ]);
    expect(r.agentTypes).toEqual([{ type: 'shell', agents: 2, tickets: 4, attempts: 5, busyMs: 500, utilization: 500 / 620, failures: 2, meanMs: 100, waitedForAgentMs: 0 }]);
  });

  it('conflicts and resources', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.contended).toEqual([{ key: 'resource:db', kind: 'resource', label: 'db (mutex)', waitedMs: 100, waiters: ['B'], holders: ['A'] }]);
    expect(r.resources).toEqual([{ name: 'db', capacity: 1, utilization: 300 / 310, heldMs: 300, waitedMs: 100, users: 2 }]);
  });

  it('failures, retries and estimate accuracy, with what the store knows of each ticket', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.problems).toEqual(['D', 'E']);
    expect(r.retried).toEqual(['C']);
    expect(ticket(r, 'C')).toMatchObject({ state: 'completed', attempts: 2, retries: 1, durationMs: 150, estimateMs: 200, ratio: 0.75, backoffMs: 10, startedAt: START + 100, endedAt: START + 260 });
    expect(ticket(r, 'D')).toMatchObject({ state: 'failed', agentId: 'agent-001', error: { code: 'EXIT_CODE', message: 'command exited with code 3, "disk full"' }, logFile: '/w/.tpe/runs/x/logs/D.1.log' });
    expect(ticket(r, 'E')).toMatchObject({ state: 'blocked', attempts: 0, reason: 'D', agentId: undefined, endedAt: START + 310 });
    expect(ticket(r, 'F')).toMatchObject({ state: 'completed', settled: true, attempts: 0 });
    // Completed with an estimate: A 100/100, B 200/100, C 150/200.
    expect(r.estimates).toMatchObject({ measured: 3, actualMs: 450, estimatedMs: 400, ratio: 450 / 400 });
    expect(r.recommendations).toContainEqual(expect.objectContaining({ kind: 'fix-failures', tickets: ['D'] }));
    // 1.125× is within what the estimates may miss by: nothing to recalibrate.
    expect(r.recommendations.some((x) => x.kind === 'recalibrate-estimates')).toBe(false);
  });

  it('the actual schedule: one bar per attempt, coloured by outcome, the critical chain marked', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(r.criticalChain).toMatchObject({ end: 'D', totalMs: 310, path: 'C 260ms → D [depends on C] 50ms' });
    expect(r.gantt.lanes).toEqual([
      { id: 'agent-001', type: 'shell' },
      { id: 'agent-002', type: 'shell' },
    ]);
    expect(r.gantt.bars.map((b) => [b.ticket, b.attempt, b.agentId, b.from - START, b.to - START, b.outcome, b.critical])).toEqual([
      ['A', 1, 'agent-001', 0, 100, 'completed', false],
      ['B', 1, 'agent-002', 100, 300, 'completed', false],
      ['C', 1, 'agent-001', 100, 150, 'retried', true],
      ['C', 2, 'agent-001', 160, 260, 'completed', true],
      ['D', 1, 'agent-001', 260, 310, 'failed', true],
    ]);
  });

  it('is plain data: its JSON reads back equal (no NaN, no Infinity, no Map)', async () => {
    const r = await buildReport(smallInput(), noWhatIf);
    expect(JSON.parse(renderJson(r))).toEqual(r);
  });
});

describe('buildReport on a run that has not ended', () => {
  it('a live run is reported as of now: the running attempt is a running bar, its ticket not finished', async () => {
    const cut = START + 280;
    const r = await buildReport(liveInput(cut), noWhatIf);
    expect(r.run).toMatchObject({ status: 'running', live: true, asOf: cut, wallMs: 280, endedAt: undefined });
    expect(r.gantt.bars.at(-1)).toMatchObject({ ticket: 'D', from: START + 260, to: cut, outcome: 'running' });
    expect(r.byPriority.find((p) => p.priority === 'low')).toMatchObject({ total: 2, completed: 0, failed: 0, unfinished: 2 });
    expect(r.problems).toEqual([]);
  });

  it('parkedTime leaves out a wait that never ended in a start, as the engine does', () => {
    const run = smallRun();
    expect(parkedTime(run)).toBe(100);
    expect(parkedTime({ ...run, journal: run.journal.filter((row) => row.ticket !== 1) })).toBe(0);
  });
});
