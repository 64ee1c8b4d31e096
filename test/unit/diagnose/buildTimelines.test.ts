import { describe, expect, it } from 'vitest';
import { buildTimelines, busyIntervals } from '../../../src/runtime/diagnose/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf } from './journal.js';

const plan = makePlan([
  { id: 'A', estimateMs: 100 },
  { id: 'B', estimateMs: 100 },
  { id: 'C', estimateMs: 100, dependsOn: ['A', 'B'] },
  { id: 'D', estimateMs: 100, dependsOn: ['C'] },
  { id: 'OLD', estimateMs: 100, registryStatus: 'completed' },
]);
const spans = (tl: { spans: Array<{ state: string; from: number; to: number }> }) => tl.spans.map((s) => `${s.state} ${s.from}-${s.to}`);

describe('buildTimelines', () => {
  it('puts the unjournaled first `waiting → ready` at the last dependency’s completion (or the run’s start)', () => {
    const rows = journalOf(plan, {
      A: [{ agent: 'agent-001', start: 0, end: 100 }],
      B: [{ agent: 'agent-002', start: 10, end: 250 }],
      C: [{ agent: 'agent-001', start: 300, end: 400 }],
    });
    const [a, b, c, d, old] = buildTimelines(plan, rows, 0, 400);
    expect(spans(a!)).toEqual(['executing 0-100']);
    expect(spans(b!)).toEqual(['ready 0-10', 'executing 10-250']);
    // C became ready when B, its last dependency, completed at 250.
    expect(spans(c!)).toEqual(['waiting 0-250', 'ready 250-300', 'executing 300-400']);
    expect(c!.readyAt).toBe(250);
    expect(c!.endedAt).toBe(400);
    // D never got a row but C completed at the window's end: it never became ready within it.
    expect(d!.state).toBe('waiting');
    expect(old).toMatchObject({ settled: true, state: 'completed', endedAt: 0, spans: [] });
  });

  it('a ticket with its dependencies done and no row was ready until the window closed (a stopped run)', () => {
    const rows = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 100 }], B: [{ agent: 'agent-002', start: 0, end: 100 }] });
    const c = buildTimelines(plan, rows, 0, 500)[2]!;
    expect(spans(c)).toEqual(['waiting 0-100', 'ready 100-500']);
    expect(c.state).toBe('ready');
  });

  it('follows retries, backoff and re-queues; one busy interval per attempt, validation included', () => {
    const rows = journalOf(plan, {
      A: [
        { agent: 'agent-001', start: 0, end: 100, then: 'retrying', until: 1100 },
        { agent: 'agent-002', start: 1100, end: 1300, then: 'interrupted', until: 2000 },
        { agent: 'agent-001', start: 2000, end: 2300, validatingMs: 50 },
      ],
    });
    const timelines = buildTimelines(plan, rows, 0, 2300);
    expect(spans(timelines[0]!)).toEqual([
      'executing 0-100',
      'retrying 100-1100',
      'executing 1100-1300',
      'interrupted 1300-2000',
      'executing 2000-2250',
      'validating 2250-2300',
    ]);
    expect(busyIntervals(plan, timelines).map((iv) => [iv.agentId, iv.attempt, iv.from, iv.to])).toEqual([
      ['agent-001', 1, 0, 100],
      ['agent-002', 2, 1100, 1300],
      ['agent-001', 3, 2000, 2300],
    ]);
  });

  it('a run still going: open spans end at the window’s end', () => {
    const rows = journalOf(plan, { A: [{ agent: 'agent-001', start: 0, end: 100 }] }).filter((r) => r.to === 'executing');
    const a = buildTimelines(plan, rows, 0, 70)[0]!;
    expect(spans(a)).toEqual(['executing 0-70']);
    expect(a.state).toBe('executing');
    expect(a.endedAt).toBeUndefined();
  });
});
