import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzePlan, loadPlan } from '../../../src/plan/index.js';
import { fixture, rendered, valueOf } from './helpers.js';

describe('a seed execution plan', async () => {
  const dir = fixture('seed');
  const plan = valueOf(await loadPlan(join(dir, 'execution-plan.yaml')));
  const ids = plan.tickets.map((t) => t.id);
  const ticket = (id: string) => plan.tickets[ids.indexOf(id)]!;

  it('runs only the tickets of its groups, in group order, each with its group', () => {
    expect(ids).toEqual(['SYS-015', 'DOC-001', 'MOD-012', 'MOD-013', 'SYS-001', 'SYS-002']);
    expect(plan.tickets.map((t) => t.group)).toEqual(['1', '1', '2', '2', '2', '3']);
    expect(plan.strategy).toBe('balanced');
    expect(plan.name).toBe('execution-plan');
  });

  it('finds the registry in <plan dir>/tickets and routes with the native settings beside execution_plan', () => {
    expect(ticket('SYS-015')).toMatchObject({
      agent: 'project-optimizer',
      file: join(dir, 'tickets/SYS-015.md'),
      registryStatus: 'pending',
      work: { kind: 'process', command: { argv: [join(dir, 'agents/optimize.sh')] }, stdinFile: join(dir, 'tickets/SYS-015.md') },
    });
    expect(ticket('MOD-012')).toMatchObject({ agent: 'agent-creator', work: { command: { shell: 'claude -p "create the module"' } } });
  });

  it('turns declared conflicts into symmetric conflictsWith', () => {
    expect(ticket('MOD-012').conflictsWith).toEqual([ids.indexOf('MOD-013')]);
    expect(ticket('MOD-013').conflictsWith).toEqual([ids.indexOf('MOD-012')]);
    expect(ticket('SYS-001').conflictsWith).toEqual([ids.indexOf('SYS-002')]);
  });

  it('drops dependencies on settled tickets outside the plan, and soft ones on tickets outside it', () => {
    expect(ticket('SYS-015').dependsOn).toEqual([]);
    expect(ticket('SYS-002')).toMatchObject({ dependsOn: [ids.indexOf('SYS-001')], after: [] });
    expect(ticket('MOD-012').dependsOn).toEqual([ids.indexOf('SYS-015')]);
  });

  it('analyses like any plan', () => {
    const analysis = analyzePlan(plan);
    expect(analysis.criticalPath.tickets.map((i) => ids[i])).toEqual(['SYS-015', 'MOD-012']);
    expect(analysis.criticalPath.totalMs).toBe(6 * 3_600_000);
  });
});

describe('seed plan spelling variants', () => {
  it('accepts groups, duration, conflicts: true, a flat critical_path, a top-level strategy and registry inside execution_plan', async () => {
    const dir = fixture('seed-variants');
    const plan = valueOf(await loadPlan(join(dir, 'plan.yaml'), { agents: { shell: 1 } }));
    expect(plan.strategy).toBe('sequential');
    expect(plan.tickets.map((t) => [t.id, t.group, t.dependsOn])).toEqual([
      ['T-1', 'A', []],
      ['T-2', 'A', []],
      ['T-3', '2', [0]],
    ]);
    expect(plan.agents).toMatchObject([{ name: 'shell', count: 1 }]);
  });
});

describe('seed plan problems', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'tpe-seed-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(tmp, path, '..'), { recursive: true });
    writeFileSync(join(tmp, path), text);
  };

  it('a plan without a registry', async () => {
    write('lonely/plan.yaml', 'execution_plan:\n  parallel_groups: []\n');
    expect(rendered(await loadPlan(join(tmp, 'lonely/plan.yaml')), tmp)).toEqual([
      `lonely/plan.yaml:2:3 execution_plan: no ticket registry: give \`registry: <folder>\`, put the tickets in ${join(tmp, 'lonely/tickets')}, or list them under \`tickets:\``,
    ]);
  });

  it('takes inline tickets beside execution_plan (no registry needed)', async () => {
    write(
      'inline/plan.yaml',
      [
        'execution_plan:',
        '  parallel_groups:',
        '    - { group_id: 1, tickets: [A] }',
        '    - { group_id: 2, tickets: [B] }',
        'tickets:',
        '  - { id: A, run: "true" }',
        '  - { id: B, run: "true", depends_on: [A] }',
        '  - { id: C, run: "true" }',
        '',
      ].join('\n'),
    );
    const loaded = await loadPlan(join(tmp, 'inline/plan.yaml'));
    if (!loaded.ok) throw new Error(rendered(loaded, tmp).join('\n'));
    // Only the listed tickets run, each in its group.
    expect(loaded.value.tickets.map((t) => [t.id, t.group])).toEqual([
      ['A', '1'],
      ['B', '2'],
    ]);
    expect(loaded.value.registryDir).toBeUndefined();
  });

  it('unknown and twice-listed ids in groups and conflicts, hard dependencies on unlisted tickets', async () => {
    write('p/tickets/A-1.md', '---\nticket_id: A-1\nrun: make\n---\n');
    write('p/tickets/A-2.md', '---\nticket_id: A-2\nrun: make\ndependencies: [A-3]\n---\n');
    write('p/tickets/A-3.md', '---\nticket_id: A-3\nstatus: pending\nrun: make\n---\n');
    write(
      'p/plan.yaml',
      [
        'execution_plan:',
        '  conflicts:',
        '    - { type: file_conflict, tickets: [A-1, A-9] }',
        '  parallel_groups:',
        '    - { group_id: 1, tickets: [A-1, A-2] }',
        '    - { group_id: 2, tickets: [a-1, A-4] }',
        'agents: { shell: { count: 1 } }',
        '',
      ].join('\n'),
    );
    expect(rendered(await loadPlan(join(tmp, 'p/plan.yaml')), tmp)).toEqual([
      'p/plan.yaml:3:45 execution_plan.conflicts[0].tickets[1]: unknown ticket "A-9" (known: A-1, A-2, A-3)',
      'p/plan.yaml:6:32 execution_plan.parallel_groups[1].tickets[0]: ticket "a-1" is listed twice: it is already in group 1',
      'p/plan.yaml:6:37 execution_plan.parallel_groups[1].tickets[1]: unknown ticket "A-4" (known: A-1, A-2, A-3)',
      'p/tickets/A-2.md:4:16 dependencies[0]: ticket "A-3" is not in any of the plan\'s groups, so this dependency would wait forever (add it to a group, or mark it completed)',
    ]);
  });
});
