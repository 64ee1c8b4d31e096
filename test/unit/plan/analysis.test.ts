import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzePlan, compilePlan, deriveFileConflicts, fileOverlap, type CompiledPlan } from '../../../src/plan/index.js';
import { valueOf } from './helpers.js';

const M = 60_000;

function plan(tickets: object[], extra: object = {}): CompiledPlan {
  return valueOf(compilePlan({ defaults: { estimate: '1m' }, ...extra, tickets }, { file: '<memory>', baseDir: '/tmp' }));
}

describe('analyzePlan on hand-checked graphs', () => {
  //   A(10m) ─┬─> B(20m) ──> D(5m)
  //           └─> C(30m) ──> D
  //   E(1m) alone
  const diamond = plan([
    { id: 'A', run: 'x', estimate: '10m' },
    { id: 'B', run: 'x', estimate: '20m', depends_on: ['A'] },
    { id: 'C', run: 'x', estimate: '30m', depends_on: ['A'] },
    { id: 'D', run: 'x', estimate: '5m', depends_on: ['B', 'C'] },
    { id: 'E', run: 'x' },
  ]);
  const analysis = analyzePlan(diamond);

  it('computes dependents, order and depth', () => {
    expect(analysis.dependents).toEqual([[1, 2], [3], [3], [], []]);
    expect(analysis.order).toEqual([0, 4, 1, 2, 3]);
    expect([...analysis.depth]).toEqual([0, 1, 1, 2, 0]);
  });

  it('computes remaining time including the ticket itself', () => {
    expect([...analysis.remainingMs]).toEqual([45 * M, 25 * M, 35 * M, 5 * M, 1 * M]);
  });

  it('finds the critical path and its bottleneck', () => {
    expect(analysis.criticalPath).toEqual({ tickets: [0, 2, 3], totalMs: 45 * M });
    expect(analysis.bottlenecks).toEqual([0]);
    expect(analysis.totalWorkMs).toBe(66 * M);
  });

  it('groups by depth, most critical first', () => {
    expect(analysis.groups).toEqual([
      { id: 1, depth: 0, tickets: [0, 4], estimatedMs: 10 * M, agentsRequired: { shell: 2 }, resourceConflicts: false },
      { id: 2, depth: 1, tickets: [1, 2], estimatedMs: 30 * M, agentsRequired: { shell: 2 }, resourceConflicts: false },
      { id: 3, depth: 2, tickets: [3], estimatedMs: 5 * M, agentsRequired: { shell: 1 }, resourceConflicts: false },
    ]);
  });

  it('uses the default estimate and counts settled registry tickets as done', () => {
    const p = plan([{ id: 'A', run: 'x' }]);
    const done = { ...p, tickets: [{ ...p.tickets[0]!, registryStatus: 'completed' }] };
    expect(analyzePlan(p).totalWorkMs).toBe(M);
    expect(analyzePlan(done).totalWorkMs).toBe(0);
  });

  it('handles an empty plan', () => {
    const empty = analyzePlan(plan([]));
    expect(empty).toMatchObject({ order: [], criticalPath: { tickets: [], totalMs: 0 }, bottlenecks: [], conflicts: [], groups: [], totalWorkMs: 0 });
  });

  it('ranks bottlenecks on the critical path by fan-out', () => {
    const p = plan([
      { id: 'ROOT', run: 'x', estimate: '1h' },
      { id: 'HUB', run: 'x', estimate: '1h', depends_on: ['ROOT'] },
      ...['1', '2', '3'].map((n) => ({ id: `LEAF-${n}`, run: 'x', estimate: '1h', depends_on: ['HUB'] })),
      { id: 'SIDE', run: 'x', depends_on: ['ROOT'] },
    ]);
    const a = analyzePlan(p);
    expect(a.criticalPath.tickets).toEqual([0, 1, 2]);
    expect(a.bottlenecks).toEqual([1, 0]);
  });
});

describe('conflicts and groups split on them', () => {
  const p = plan(
    [
      { id: 'A', run: 'x', files: ['db/**'] },
      { id: 'B', run: 'x', files: ['db/schema.sql'] },
      { id: 'C', run: 'x', conflicts_with: ['D'] },
      { id: 'D', run: 'x' },
      { id: 'E', run: 'x', isolated: true },
      { id: 'F', run: 'x', resources: { database: 1 } },
      { id: 'G', run: 'x', resources: { database: 1 } },
      { id: 'H', run: 'x', resources: { pool: 1 } },
    ],
    { resources: { database: 1, pool: 4 } },
  );
  const analysis = analyzePlan(p);

  it('lists declared and file pairs, contested resources and isolated tickets', () => {
    expect(analysis.conflicts).toEqual([
      { kind: 'file_conflict', tickets: [0, 1], files: ['db/**', 'db/schema.sql'] },
      { kind: 'declared', tickets: [2, 3] },
      { kind: 'resource_conflict', tickets: [5, 6], resource: 'database' },
      { kind: 'isolated', tickets: [4] },
    ]);
    expect(p.tickets[0]!.conflictsWith).toEqual([1]);
    expect(p.tickets[1]!.conflictsWith).toEqual([0]);
  });

  it('never puts a conflicting pair in one group; isolated tickets stand alone; resource contention is flagged', () => {
    expect(analysis.groups.map((g) => [g.tickets, g.resourceConflicts])).toEqual([
      [[0, 2, 5, 6, 7], true],
      [[1, 3], false],
      [[4], false],
    ]);
  });
});

describe('file overlap truth table', () => {
  it.each([
    ['db/schema.sql', 'db/schema.sql', true],
    ['./db/schema.sql', 'db/schema.sql', true],
    ['db//schema.sql', 'db/schema.sql', true],
    ['db/schema.sql', 'db/other.sql', false],
    ['db', 'db/schema.sql', false],
    ['db/**', 'db/schema.sql', true],
    ['db/**', 'db', true],
    ['db/', 'db/schema.sql', true],
    ['db/*.sql', 'db/schema.sql', true],
    ['db/*.sql', 'db/nested/schema.sql', false],
    ['src/**/*.ts', 'src/a/b.ts', true],
    ['src/**/*.ts', 'src/a/b.js', false],
    ['src/**/*.ts', 'lib/a.ts', false],
    ['**/*.ts', 'anything/at/all.ts', true],
    ['src/**', 'src/a/**', true],
    ['src/a/*.ts', 'src/**/*.js', true],
    ['src/a/*', 'src/b/*', false],
    ['src/a*/x', 'src/ab/**', true],
    ['{a,b}/x', 'c/**', true],
    ['!db/**', 'db/x', false],
    ['', 'x', false],
  ])('%j and %j overlap: %s', (a, b, expected) => {
    expect(fileOverlap(a, b)).toBe(expected);
    expect(fileOverlap(b, a)).toBe(expected);
  });
});

describe('deriveFileConflicts agrees with comparing every pair', () => {
  const segment = fc.constantFrom('a', 'b', 'c', 'db', '*', '**', '*.ts', 'x.ts', '{a,b}');
  const pattern = fc.array(segment, { minLength: 1, maxLength: 4 }).map((parts) => parts.join('/'));
  it('for random small plans', () => {
    fc.assert(
      fc.property(fc.array(fc.array(pattern, { maxLength: 3 }), { maxLength: 12 }), (files) => {
        const expected: string[] = [];
        for (let a = 0; a < files.length; a++) {
          for (let b = a + 1; b < files.length; b++) {
            if (files[a]!.some((p) => files[b]!.some((q) => fileOverlap(p, q)))) expected.push(`${a}-${b}`);
          }
        }
        expect(deriveFileConflicts(files).map(({ a, b }) => `${a}-${b}`)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
