import { describe, expect, it } from 'vitest';
import { diagnoseRun } from '../../../src/runtime/diagnose/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { journalOf, recorded } from './journal.js';

describe('the actual critical chain', () => {
  it('follows the last-completing dependency, the holder of a mutex and the agent that freed up, back to the start', async () => {
    // BUILD → (mutex `db` held by MIGRATE) → SEED → (dependency) → TEST; one `docs` agent makes DOC-2 wait for DOC-1.
    const plan = makePlan(
      [
        { id: 'MIGRATE', estimateMs: 300, resources: { db: 1 } },
        { id: 'BUILD', estimateMs: 100 },
        { id: 'SEED', estimateMs: 200, dependsOn: ['BUILD'], resources: { db: 1 } },
        { id: 'TEST', estimateMs: 100, dependsOn: ['SEED', 'BUILD'] },
        { id: 'DOC-1', agent: 'docs', estimateMs: 250 },
        { id: 'DOC-2', agent: 'docs', estimateMs: 300 },
      ],
      { agents: [{ name: 'shell', count: 2 }, { name: 'docs', count: 1 }], resources: { db: 1 } },
    );
    const journal = journalOf(plan, {
      MIGRATE: [{ agent: 'agent-001', start: 0, end: 300 }],
      BUILD: [{ agent: 'agent-002', start: 0, end: 100 }],
      SEED: [{ agent: 'agent-002', start: 300, end: 500 }],
      TEST: [{ agent: 'agent-001', start: 500, end: 620 }],
      'DOC-1': [{ agent: 'agent-003', start: 0, end: 250 }],
      'DOC-2': [{ agent: 'agent-003', start: 250, end: 550 }],
    });
    const d = await diagnoseRun(recorded(plan, journal), { whatIf: false });
    expect(d.criticalChain.end).toBe('TEST');
    expect(d.criticalChain.segments).toEqual([
      { ticket: 'MIGRATE', what: 'running', from: 0, to: 300 },
      { ticket: 'SEED', what: 'wait:resource', from: 300, to: 300, on: 'db held by MIGRATE' },
      { ticket: 'SEED', what: 'running', from: 300, to: 500 },
      { ticket: 'TEST', what: 'wait:dependency', from: 500, to: 500, on: 'depends on SEED' },
      { ticket: 'TEST', what: 'running', from: 500, to: 620 },
    ]);
    expect(d.criticalChain.totalMs).toBe(620);
    expect(d.criticalChain.tickets).toEqual([
      { id: 'MIGRATE', ms: 300, runningMs: 300, waitMs: 0, share: 300 / 620 },
      { id: 'SEED', ms: 200, runningMs: 200, waitMs: 0, share: 200 / 620 },
      { id: 'TEST', ms: 120, runningMs: 120, waitMs: 0, share: 120 / 620 },
    ]);
  });

  it('crosses agent waits and keeps what no one held against the waiting ticket', async () => {
    const plan = makePlan([{ id: 'A' }, { id: 'B' }, { id: 'C' }], { agents: [{ name: 'shell', count: 1 }] });
    const journal = journalOf(plan, {
      A: [{ agent: 'agent-001', start: 0, end: 100, then: 'retrying', until: 150 }, { agent: 'agent-001', start: 150, end: 200 }],
      B: [{ agent: 'agent-001', start: 200, end: 300 }],
      C: [{ agent: 'agent-001', start: 320, end: 400 }],
    });
    const d = await diagnoseRun(recorded(plan, journal), { whatIf: false });
    expect(d.criticalChain.segments).toEqual([
      { ticket: 'A', what: 'running', from: 0, to: 100 },
      { ticket: 'A', what: 'backoff', from: 100, to: 150 },
      { ticket: 'A', what: 'running', from: 150, to: 200 },
      { ticket: 'B', what: 'wait:agent', from: 200, to: 200, on: 'no idle shell agent (freed by A)' },
      { ticket: 'B', what: 'running', from: 200, to: 300 },
      { ticket: 'C', what: 'wait:agent', from: 300, to: 300, on: 'no idle shell agent (freed by B)' },
      { ticket: 'C', what: 'wait:dispatch', from: 300, to: 320 },
      { ticket: 'C', what: 'running', from: 320, to: 400 },
    ]);
    expect(d.criticalChain.tickets.map((t) => [t.id, t.ms, t.runningMs, t.waitMs])).toEqual([
      ['A', 200, 150, 50],
      ['B', 100, 100, 0],
      ['C', 100, 80, 20],
    ]);
  });
});
