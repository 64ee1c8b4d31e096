import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlan, loadTicketFolder, type RegistryTicket } from '../../../src/plan/index.js';
import { fixture, rendered, renderedWarnings, valueOf } from './helpers.js';

const dir = fixture('registry');

describe('loadTicketFolder reads the seed registry with its spelling variants', async () => {
  const result = await loadTicketFolder(dir);
  const tickets = valueOf(result);
  const byId = (id: string): RegistryTicket => tickets.find((t) => t.id === id)!;

  it('scans recursively, in path order, skipping the summary page and files without frontmatter', () => {
    expect(tickets.map((t) => t.id)).toEqual(['DOC-001', 'MOD-012', '009', 'SYS-001']);
    expect(renderedWarnings(result, dir)).toEqual(['README.md:1:1 skipped: no YAML frontmatter (a ticket starts with a `---` line)']);
  });

  it('reads ticket_id, CRITICAL, the five dependency lists, affected_files and assignee', () => {
    expect(byId('SYS-001')).toEqual({
      id: 'SYS-001',
      title: 'Harden the coordinator',
      priority: 'critical',
      status: 'pending',
      category: 'system',
      estimateMs: 7_200_000,
      dependencies: { blocking: [], sequential: [], soft: ['DOC-001'], fileConflicts: ['MOD-012'], resourceConflicts: [] },
      files: ['src/coordinator/**', './src/registry.ts'],
      parallelGroup: 'core',
      executionStrategy: 'parallel',
      isolated: false,
      agents: ['project-optimizer'],
      run: undefined,
      file: join(dir, 'pending/SYS-001.md'),
      source: { file: join(dir, 'pending/SYS-001.md'), line: 2, col: 12 },
      frontmatter: expect.objectContaining({ ticket_id: 'SYS-001', created: '2025-08-18' }) as unknown,
    });
  });

  it('reads id, low, in_progress, a flat dependency list, a numeric affected_files, assigned_agents and keeps unknown keys', () => {
    expect(byId('MOD-012')).toMatchObject({
      id: 'MOD-012',
      priority: 'low',
      status: 'in-progress',
      estimateMs: 7 * 3_600_000,
      dependencies: { blocking: ['sys-001'], sequential: [], soft: [], fileConflicts: [], resourceConflicts: [] },
      files: [],
      executionStrategy: 'isolated',
      isolated: true,
      agents: ['agent-creator', 'project-optimizer'],
      run: { shell: 'make split' },
      file: join(dir, 'in-progress/mod-twelve.md'),
      frontmatter: expect.objectContaining({ reviewer: 'bob' }) as unknown,
    });
  });

  it('keeps a zero-padded numeric id as written, and sequential means isolated', () => {
    expect(byId('009')).toMatchObject({ status: 'pending', dependencies: { sequential: ['SYS-001'] }, isolated: true, run: { argv: ['echo', '009'] } });
  });

  it('keeps the status of completed tickets', () => {
    expect(byId('DOC-001')).toMatchObject({ status: 'completed', priority: 'medium', estimateMs: 1_800_000 });
  });
});

describe('a ticket folder as a plan', () => {
  it('runs with the default agents, whose names tickets must use', async () => {
    const result = await loadPlan(dir, { baseDir: '/srv/project' });
    // SYS-001 names an agent type the default pool lacks; MOD-012 too; 009 and DOC-001 (completed) are fine.
    expect(rendered(result, dir)).toEqual([
      'in-progress/mod-twelve.md:11:19 assigned_agents[0]: unknown agent type "agent-creator" (known: shell)',
      'pending/SYS-001.md:19:11 assignee: unknown agent type "project-optimizer" (known: shell)',
    ]);
  });
});

describe('a ticket folder as a plan, with agents the tickets name', () => {
  it('compiles with a plan that includes the registry; settled tickets need nothing to run', async () => {
    const { compilePlan } = await import('../../../src/plan/index.js');
    const plan = valueOf(
      compilePlan(
        {
          registry: dir,
          defaults: { agent: 'shell' },
          agents: { shell: { count: 2 }, 'project-optimizer': { count: 1, command: 'optimize' }, 'agent-creator': { count: 1, command: 'create' } },
          tickets: [{ id: 'NATIVE-1', run: 'make', depends_on: ['SYS-001'] }],
        },
        { file: 'plan.yaml', baseDir: '/srv/project' },
      ),
    );
    expect(plan.tickets.map((t) => [t.id, t.agent, t.registryStatus])).toEqual([
      ['NATIVE-1', 'shell', undefined],
      ['DOC-001', 'shell', 'completed'],
      ['MOD-012', 'agent-creator', 'in-progress'],
      ['009', 'shell', 'pending'],
      ['SYS-001', 'project-optimizer', 'pending'],
    ]);
    const sys001 = plan.tickets[4]!;
    expect(sys001).toMatchObject({
      work: { kind: 'process', command: { shell: 'optimize' }, stdinFile: join(dir, 'pending/SYS-001.md') },
      after: [1],
      conflictsWith: [2],
      cwd: '/srv/project',
    });
    expect(plan.tickets[2]).toMatchObject({ dependsOn: [4], conflictsWith: [4], isolated: true, work: { command: { shell: 'make split' } } });
    expect(plan.tickets[3]).toMatchObject({ dependsOn: [4], isolated: true });
    expect(plan.tickets[0]!.dependsOn).toEqual([4]);
  });

  it('ids are unique across the plan and its registry', async () => {
    const { compilePlan } = await import('../../../src/plan/index.js');
    const result = compilePlan({ registry: dir, tickets: [{ id: 'doc-001', run: 'make' }] }, { file: 'plan.yaml', baseDir: '/srv/project' });
    expect(rendered(result, dir)).toContain('completed/DOC-001.md:2:12 ticket_id: duplicate ticket id "DOC-001" (first defined at plan.yaml:1:1)');
  });
});
