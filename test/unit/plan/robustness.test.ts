import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan, loadPlan, loadTicketFolder, type Loaded } from '../../../src/plan/index.js';
import { rendered } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'tpe-robust-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function loadText(text: string | Buffer, name = 'plan.yaml'): Promise<Loaded<unknown>> {
  writeFileSync(join(tmp, name), text);
  return loadPlan(join(tmp, name));
}

const isLoaded = (result: Loaded<unknown>): boolean => (result.ok ? Array.isArray(result.warnings) : result.problems.length > 0);

describe('compilePlan never throws', () => {
  const id = fc.oneof(fc.constantFrom('A', 'B', 'C', 'a', 'SYS-1'), fc.string(), fc.integer());
  const value = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(id), fc.dictionary(fc.string(), id));
  const ticket = fc.oneof(
    fc.record(
      {
        id,
        run: fc.oneof(fc.string(), fc.array(fc.string())),
        depends_on: fc.oneof(fc.array(id), id, value),
        after: fc.array(id),
        conflicts_with: fc.array(id),
        files: fc.array(fc.constantFrom('a/**', 'a/b.ts', '*', '**/x', '{a,b}/c', '[', 'src/(')),
        resources: fc.oneof(fc.dictionary(fc.constantFrom('db', 'x'), fc.integer()), fc.array(fc.string())),
        estimate: fc.oneof(fc.constantFrom('5m', '6-8h', '2 hours', 5, '', 'x'), value),
        agent: fc.oneof(fc.constantFrom('shell', 'w', 'nope'), value),
        priority: fc.oneof(fc.constantFrom('HIGH', 'low'), value),
        isolated: fc.oneof(fc.boolean(), value),
        validate: fc.oneof(fc.array(fc.oneof(fc.string(), fc.array(fc.string()), fc.record({ run: fc.string() }))), value),
      },
      { requiredKeys: [] },
    ),
    value,
  );
  const plan = fc.oneof(
    fc.record(
      {
        version: fc.oneof(fc.constant(1), value),
        strategy: fc.oneof(fc.constantFrom('maximum', 'SEQUENTIAL'), value),
        agents: fc.oneof(
          fc.dictionary(fc.constantFrom('shell', 'w', 'fn'), fc.record({ count: fc.integer({ min: -1, max: 3 }), executor: fc.constantFrom('process', 'worker', 'function', 'x') }, { requiredKeys: [] })),
          value,
        ),
        routing: fc.oneof(fc.dictionary(fc.string(), fc.constantFrom('shell', 'w', 'zz')), value),
        resources: fc.oneof(fc.dictionary(fc.constantFrom('db', 'x'), fc.integer({ min: -1, max: 3 })), value),
        defaults: fc.oneof(fc.record({ agent: fc.string(), timeout: value }, { requiredKeys: [] }), value),
        tickets: fc.oneof(fc.array(ticket, { maxLength: 8 }), value),
        execution_plan: fc.oneof(fc.record({ parallel_groups: fc.array(fc.record({ tickets: fc.array(id) })) }, { requiredKeys: [] }), value),
      },
      { requiredKeys: [] },
    ),
    fc.anything(),
  );

  it('returns a Loaded for any object', () => {
    fc.assert(
      fc.property(plan, (raw) => {
        expect(isLoaded(compilePlan(raw, { file: '<memory>', baseDir: tmp }))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('hostile files give problems, never hangs or crashes', () => {
  it('binary garbage', async () => {
    const garbage = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 256));
    expect(isLoaded(await loadText(garbage))).toBe(true);
    expect((await loadText(garbage)).ok).toBe(false);
  });

  it('random text', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (text) => {
        expect(isLoaded(await loadText(text))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('deep flow nesting', async () => {
    const result = await loadText(`tickets: ${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(result.ok).toBe(false);
    expect(rendered(result, tmp)).toEqual(['plan.yaml:1:110 nesting deeper than 100 levels']);
  });

  it('deep block nesting beyond the limit', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => `${' '.repeat(i)}k:`).join('\n');
    expect(rendered(await loadText(`${lines} 1\n`), tmp)).toEqual([expect.stringMatching(/^plan\.yaml:102:102 nesting deeper than 100 levels$/)]);
  });

  it('block nesting deep enough to overflow the YAML composer', async () => {
    const lines = Array.from({ length: 3_000 }, (_, i) => `${' '.repeat(i)}-`).join('\n');
    expect(rendered(await loadText(`${lines} 1\n`), tmp)).toEqual([expect.stringMatching(/^plan\.yaml:\d+:\d+ the document is nested too deeply$/)]);
  });

  it('unclosed flow collections', async () => {
    expect(isLoaded(await loadText(`a: ${'{'.repeat(50_000)}`))).toBe(true);
  });

  it('collection keys, which YAML allows and toJS handles in super-linear time', async () => {
    expect(rendered(await loadText('? [a]\n: 1\n'), tmp)).toEqual(['plan.yaml:1:3 a mapping key must be a plain value, not a list, mapping or alias']);
  });

  it('an alias bomb', async () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`)].join('\n');
    expect(rendered(await loadText(bomb), tmp)).toEqual([expect.stringMatching(/^plan\.yaml:1:1 too many aliases/)]);
  });

  it('a recursive alias', async () => {
    expect(rendered(await loadText('tickets: &t [*t]\n'), tmp)).toEqual(['plan.yaml:1:14 alias *t refers to a node that contains it']);
  });

  it('several YAML documents', async () => {
    expect(rendered(await loadText('tickets: []\n---\ntickets: []\n'), tmp)).toEqual(['plan.yaml:2:1 Source contains multiple documents; please use YAML.parseAllDocuments()']);
  });

  it('a ticket folder of garbage', async () => {
    const folder = mkdtempSync(join(tmp, 'folder-'));
    writeFileSync(join(folder, 'x.md'), Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)));
    writeFileSync(join(folder, 'y.md'), `---\n${'['.repeat(10_000)}\n---\n`);
    expect(isLoaded(await loadTicketFolder(folder))).toBe(true);
  });
});
