/**
 * A small recorded run written by hand, for the report's model and
 * renderers: every number in it can be worked out on paper.
 *
 *   agent-001  A [0,100]  C#1 [100,150] ✗ retry  C#2 [160,260]  D [260,310] ✗
 *   agent-002  (waits for the db)  B [100,300]
 *
 * A and B share a mutex (`db`); B's wait is recorded at 0. C fails once and
 * is retried; D (after C) fails for good and blocks E. F was completed in the
 * registry before the run. The run ends at 310.
 */
import type { CompiledPlan } from '../../../src/plan/types.js';
import type { JournalRow, RecordedRun } from '../../../src/runtime/diagnose/index.js';
import type { ReportInput } from '../../../src/runtime/report/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf, recorded } from '../diagnose/journal.js';

export const START = 1_800_000_000_000;

export function smallPlan(): CompiledPlan {
  const plan = makePlan(
    [
      { id: 'A', priority: 'critical', estimateMs: 100, resources: { db: 1 } },
      { id: 'B', priority: 'high', estimateMs: 100, resources: { db: 1 } },
      { id: 'C', priority: 'medium', estimateMs: 200, retries: 1 },
      { id: 'D', priority: 'low', estimateMs: 50, dependsOn: ['C'] },
      { id: 'E', priority: 'low', estimateMs: 50, dependsOn: ['D'] },
      { id: 'F', priority: 'medium', estimateMs: 50, registryStatus: 'completed' },
    ],
    { resources: { db: 1 } },
  );
  // A title that CSV must quote and markdown must keep on one line.
  return { ...plan, tickets: plan.tickets.map((t) => (t.id === 'A' ? { ...t, title: 'Say "hi", then\nwait | go' } : t)) };
}

/** The small run, its times shifted to start at `START` (a real run's epoch times). */
export function smallRun(): RecordedRun {
  const plan = smallPlan();
  const journal: JournalRow[] = [
    ...journalOf(plan, {
      A: [{ agent: 'agent-001', start: 0, end: 100 }],
      B: [{ agent: 'agent-002', start: 100, end: 300 }],
      C: [
        { agent: 'agent-001', start: 100, end: 150, then: 'retrying', until: 160 },
        { agent: 'agent-001', start: 160, end: 260 },
      ],
      D: [{ agent: 'agent-001', start: 260, end: 310, then: 'failed' }],
    }),
    { at: 310, ticket: 4, from: 'waiting', to: 'blocked', attempt: 0, agentId: undefined },
  ];
  const run = recorded(plan, journal, [{ at: 0, ticket: 1, kind: 'resource', on: 'db (held by A)' }], 310);
  const shift = (t: number) => START + t;
  return {
    ...run,
    runId: 'exec_20270115-080000-abcd',
    startedAt: shift(run.startedAt),
    endedAt: run.endedAt === undefined ? undefined : shift(run.endedAt),
    now: shift(run.now),
    status: 'failed',
    journal: run.journal.map((r) => ({ ...r, at: shift(r.at) })),
    waits: run.waits.map((w) => ({ ...w, at: shift(w.at) })),
  };
}

export function smallInput(): ReportInput {
  const run = smallRun();
  return {
    run,
    planFile: '/work/plans/small.yaml',
    tickets: [
      undefined,
      undefined,
      { error: { code: 'EXIT_CODE', message: 'command exited with code 1', retryable: true }, reason: undefined, rollback: undefined, logFile: '/w/.tpe/runs/x/logs/C.2.log' },
      { error: { code: 'EXIT_CODE', message: 'command exited with code 3, "disk full"', retryable: true }, reason: undefined, rollback: undefined, logFile: '/w/.tpe/runs/x/logs/D.1.log' },
      { error: undefined, reason: 'D', rollback: undefined, logFile: undefined },
      undefined,
    ],
    generatedAt: START + 1000,
  };
}

/** The small run read while live, as of 280 ms: D has run for 20 ms, E still waits on it. */
export function liveInput(at = START + 280): ReportInput {
  const input = smallInput();
  const run = { ...input.run, status: 'running', live: true, endedAt: undefined, now: at, journal: input.run.journal.filter((row) => row.at <= at) };
  return { ...input, run, generatedAt: at };
}
