import { describe, expect, it } from 'vitest';
import { renderDiagnosis } from '../../../src/cli/render/renderDiagnosis.js';
import { diagnosePlan, diagnoseRun } from '../../../src/runtime/diagnose/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf, recorded } from './journal.js';

describe('renderDiagnosis', () => {
  it('a plan without conflicts or simulations, in markdown', async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 60_000 }, { id: 'B', estimateMs: 30_000, dependsOn: ['A'] }]);
    const text = renderDiagnosis(await diagnosePlan(plan, { whatIf: false }), { format: 'markdown' });
    expect(text).toBe(
      [
        '# Diagnosis of plan test-plan',
        '',
        '2 tickets, agents shell 2 (strategy balanced): simulated makespan 1m 30s, lower bound 1m 30s, total work 1m 30s',
        '',
        '## Critical path (1m 30s)',
        '',
        'A → B',
        '',
        '## Bottlenecks (on the critical path, most dependents)',
        '',
        'None: no ticket on the critical path has two or more dependents.',
        '',
        '## Makespan by agent count',
        '',
        'Not simulated.',
        '',
        '## Missing estimates',
        '',
        'Every ticket has an estimate.',
        '',
        '## Conflicts and what they cost',
        '',
        'No conflicts: nothing serialises tickets but their dependencies and the agent pool.',
        '',
        '## Recommendations',
        '',
        'Nothing to recommend: no change simulated cuts 5% or more.',
      ].join('\n'),
    );
  });

  it('escapes pipes in markdown cells and lists every section of a run as a table', async () => {
    const plan = makePlan([{ id: 'A|1' }, { id: 'B', conflictsWith: ['A|1'] }]);
    const journal = journalOf(plan, { 'A|1': [{ agent: 'agent-001', start: 0, end: 100 }], B: [{ agent: 'agent-002', start: 100, end: 200 }] });
    const d = await diagnoseRun(recorded(plan, journal), { whatIf: false });
    const markdown = renderDiagnosis(d, { format: 'markdown' });
    expect(markdown).toContain('| B | - | 100ms | conflict 100ms | A\\|1 100ms | 100ms | 1 | - | - |');
    const table = renderDiagnosis(d, { format: 'table' }).split('\n');
    expect(table.filter((l) => l !== '' && !l.includes(' | ') && !l.includes('─'))).toEqual([
      'Diagnosis of run exec_test (test-plan)',
      'completed after 200ms: 2/2 completed',
      'Waiting: 0ms on dependencies, 100ms ready but not started (conflict 100ms), summed over tickets',
      'Critical chain: what the end waited for (200ms)',
      'A|1 100ms → B [conflicts with A|1] 100ms',
      'Delayed the end most: A|1 100ms (50%), B 100ms (50%)',
      'Where tickets waited',
      'Not shown: 1 that waited less than 2ms (every ticket: --format json)',
      'Agent utilization',
      'Actual against estimated',
      'No completed ticket had an estimate.',
      'Without an estimate: A|1, B',
      'Conflicts and resources that serialised work',
      'Recommendations',
      'Nothing to recommend: no change simulated cuts 5% or more.',
    ]);
  });
});
