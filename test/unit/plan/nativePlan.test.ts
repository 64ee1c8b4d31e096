import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, loadPlan, type CompiledTicket } from '../../../src/plan/index.js';
import { fixture, renderedWarnings, valueOf } from './helpers.js';

const dir = fixture('native');

describe('a native plan compiles to the CompiledPlan the runtime runs', async () => {
  const plan = valueOf(await loadPlan(join(dir, 'plan.yaml')));
  const byId = (id: string): CompiledTicket => plan.tickets.find((t) => t.id === id)!;

  it('keeps the plan-wide settings, defaults applied', () => {
    expect({ ...plan, tickets: undefined, agents: undefined }).toEqual({
      name: 'release-2.0',
      file: join(dir, 'plan.yaml'),
      baseDir: dir,
      strategy: 'critical-path',
      resources: { database: 1, 'api-quota': 3 },
      tickets: undefined,
      agents: undefined,
      defaultEstimateMs: 600_000,
      noRetryExitCodes: [78],
      killGraceMs: 5_000,
    });
  });

  it('compiles agent types: counts, executors, resolved paths', () => {
    expect(plan.agents).toEqual([
      { name: 'shell', count: 4, executor: 'process', source: { file: join(dir, 'plan.yaml'), line: 6, col: 3 } },
      {
        name: 'compute',
        count: 2,
        executor: 'worker',
        module: join(dir, 'agents/compute.mjs'),
        memoryLimitMb: 256,
        source: { file: join(dir, 'plan.yaml'), line: 7, col: 3 },
      },
      {
        name: 'project-optimizer',
        count: 2,
        executor: 'process',
        command: { argv: [join(dir, 'agents/optimize.sh'), '--fast'] },
        source: { file: join(dir, 'plan.yaml'), line: 8, col: 3 },
      },
    ]);
  });

  it('compiles every ticket field', () => {
    expect(byId('SYS-015')).toEqual({
      index: 2,
      id: 'SYS-015',
      title: 'Migrate schema',
      agent: 'shell',
      category: 'system',
      priority: 'critical',
      estimateMs: 1_200_000,
      dependsOn: [0],
      after: [1],
      conflictsWith: [3],
      resources: { database: 1 },
      files: ['db/**'],
      isolated: false,
      work: { kind: 'process', command: { shell: 'npm run migrate' } },
      validate: [
        { name: 'npm test -- db', command: { shell: 'npm test -- db' }, timeoutMs: 300_000 },
        { name: 'npm run lint', command: { argv: ['npm', 'run', 'lint'] }, timeoutMs: 300_000 },
        { name: 'check', command: { shell: './check.sh' }, timeoutMs: 60_000 },
      ],
      rollback: { shell: 'npm run migrate:down' },
      timeoutMs: 300_000,
      retries: 2,
      backoffMs: 2_000,
      cwd: join(dir, 'agents'),
      env: { PORT: '8080', MODE: 'fast' },
      file: undefined,
      registryStatus: undefined,
      group: 'db',
      source: { file: join(dir, 'plan.yaml'), line: 21, col: 5 },
    });
  });

  it('routes by category, applies defaults, and gives agent commands to tickets without run', () => {
    const sys014 = byId('SYS-014');
    expect(sys014).toMatchObject({ agent: 'project-optimizer', title: 'Prepare schema', priority: 'medium', estimateMs: undefined, timeoutMs: 600_000, retries: 1 });
    expect(sys014.work).toEqual({ kind: 'process', command: { argv: [join(dir, 'agents/optimize.sh'), '--fast'] } });
    expect(sys014.cwd).toBe(dir);
    expect(byId('DOC-001')).toMatchObject({ agent: 'shell', title: 'DOC-001', estimateMs: 1_800_000, work: { kind: 'process', command: { shell: 'make docs' } } });
  });

  it('derives conflicts from overlapping files, symmetric, and keeps the resource list form', () => {
    expect(byId('SYS-016')).toMatchObject({ conflictsWith: [2], resources: { 'api-quota': 1 }, work: { kind: 'process', command: { argv: ['echo', 'hi'] } } });
  });

  it('hands worker tickets their input', () => {
    expect(byId('CPU-001')).toMatchObject({ agent: 'compute', isolated: true, work: { kind: 'worker', module: join(dir, 'agents/compute.mjs'), input: { rows: 1000 } } });
  });

  it('replaces strategy and agent counts from options', async () => {
    const overridden = valueOf(await loadPlan(join(dir, 'plan.yaml'), { strategy: 'maximum', agents: { shell: 8, COMPUTE: 3 } }));
    expect(overridden.strategy).toBe('maximum');
    expect(overridden.agents.map((a) => [a.name, a.count])).toEqual([
      ['shell', 8],
      ['compute', 3],
      ['project-optimizer', 2],
    ]);
  });
});

describe('compilePlan (a plan built in code)', () => {
  it('applies the documented defaults', () => {
    const plan = valueOf(compilePlan({ tickets: [{ id: 7, run: 'make' }] }, { file: '/work/plans/nightly.yaml', baseDir: '/work/plans' }));
    expect(plan).toMatchObject({ name: 'nightly', strategy: 'balanced', defaultEstimateMs: 300_000, killGraceMs: 5_000, noRetryExitCodes: [78] });
    expect(plan.agents).toEqual([{ name: 'shell', count: availableParallelism(), executor: 'process' }]);
    expect(plan.tickets[0]).toMatchObject({ id: '7', agent: 'shell', timeoutMs: 3_600_000, retries: 0, backoffMs: 1_000, cwd: '/work/plans', priority: 'medium' });
  });

  it('accepts single values where lists are usual, and blank lists', () => {
    const plan = valueOf(
      compilePlan(
        { tickets: [{ id: 'A', run: 'a' }, { id: 'B', run: 'b', depends_on: 'a', after: null, files: 'x.ts', validate: 'make test' }] },
        { file: '<memory>', baseDir: '/tmp' },
      ),
    );
    expect(plan.tickets[1]).toMatchObject({ dependsOn: [0], after: [], files: ['x.ts'], validate: [{ name: 'make test', command: { shell: 'make test' }, timeoutMs: 3_600_000 }] });
  });

  it('warns about a working directory that does not exist yet', () => {
    const result = compilePlan({ tickets: [{ id: 'A', run: 'a', cwd: 'later' }] }, { file: 'plan.yaml', baseDir: '/nonexistent-tpe' });
    expect(renderedWarnings(result, '/')).toEqual(['plan.yaml:1:1 tickets[0].cwd: working directory does not exist (yet): /nonexistent-tpe/later']);
  });

  it('compiles a function agent', () => {
    const plan = valueOf(compilePlan({ agents: { fn: { executor: 'function' } }, tickets: [{ id: 'A', input: [1, 2] }] }, { file: '<memory>', baseDir: '/tmp' }));
    expect(plan.agents[0]).toEqual({ name: 'fn', count: 1, executor: 'function', source: { file: '<memory>', line: 1, col: 1 } });
    expect(plan.tickets[0]!.work).toEqual({ kind: 'function', input: [1, 2] });
  });
});

describe('warnings', () => {
  it('`input` on a ticket run by a process agent is ignored, with a warning', () => {
    const result = compilePlan({ tickets: [{ id: 'A', run: 'make', input: { rows: 1 } }] }, { file: 'plan.yaml', baseDir: '/tmp' });
    expect(renderedWarnings(result, '/')).toEqual(['plan.yaml:1:1 tickets[0].input: ignored: agent type "shell" runs commands (executor: process), which get no `input`']);
  });
});

describe('timeouts', () => {
  it('default to an hour, or three times the estimate when that is longer; an explicit one shorter than the estimate is warned about', async () => {
    const { compilePlan, formatProblem } = await import('../../../src/plan/index.js');
    const loaded = compilePlan(
      {
        name: 't',
        tickets: [
          { id: 'SHORT', run: 'true', estimate: '10m' },
          { id: 'LONG', run: 'true', estimate: '6-8h' },
          { id: 'TIGHT', run: 'true', estimate: '2h', timeout: '30m' },
        ],
      },
      { file: 'plan.yaml', baseDir: '/tmp' },
    );
    if (!loaded.ok) throw new Error('plan does not compile');
    expect(loaded.value.tickets.map((t) => t.timeoutMs)).toEqual([3_600_000, 3 * 7 * 3_600_000, 1_800_000]);
    expect(loaded.warnings.map((w) => formatProblem(w))).toEqual([
      'plan.yaml:1:1 tickets[2]: ticket TIGHT is estimated at 2h but may run only 30m: it will be killed before it can finish: expected a timeout of at least 2h, found 30m',
    ]);
  });
});
