/**
 * fast-check fuzzing of the plan loader, in process: random plan-shaped
 * values, random mutations of a valid plan (as objects and as YAML text),
 * random bytes and random markdown tickets. Whatever the input, loading
 * never throws and ends in a value or in problems that are each located
 * (a line and column inside the input, a field path for in-memory plans)
 * and render as one line. Sized to run in a few seconds; `npm run soak:fuzz`
 * runs every property 25 times as often (TPE_SOAK multiplies the runs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { compilePlan, formatProblem, loadPlan, loadTicketFolder, type Loaded, type PlanProblem } from '../../../src/plan/index.js';

const tmp = mkdtempSync(join(tmpdir(), 'tpe-fuzz-'));
/** `runs` in `npm test`, TPE_SOAK times as many in a soak. */
const soak = (runs: number): number => runs * Math.max(1, Number(process.env.TPE_SOAK ?? 1) || 1);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Problems about the input as a whole, which have no field to point at. */
const WHOLE_INPUT = /^(not a plan|nothing to run|no agent|.*no tickets)/i;

/** The invariants every load result keeps; `lines` bounds the positions of problems in `file`. */
function expectWellFormed(result: Loaded<unknown>, where: { file: string; lines?: number; inMemory?: boolean }): void {
  const problems: readonly PlanProblem[] = result.ok ? result.warnings : result.problems;
  if (!result.ok) expect(problems.length).toBeGreaterThan(0);
  for (const p of problems) {
    const text = formatProblem(p);
    expect(typeof p.message).toBe('string');
    expect(p.message.trim(), text).not.toBe('');
    expect(Number.isInteger(p.line) && p.line >= 1, text).toBe(true);
    expect(Number.isInteger(p.col) && p.col >= 1, text).toBe(true);
    expect(text, 'one line per problem').not.toMatch(/[\n\r]/);
    if (p.file === where.file && where.lines !== undefined) expect(p.line, text).toBeLessThanOrEqual(where.lines);
    if (where.inMemory) {
      expect(p.file).toBe(where.file);
      if (p.path === '') expect(p.message, `no field path: ${text}`).toMatch(WHOLE_INPUT);
    }
  }
}

const lineCount = (text: string): number => text.split('\n').length;

/** A valid plan touching most fields, to mutate. */
function validPlan(): Record<string, unknown> {
  return {
    version: 1,
    name: 'fuzz',
    strategy: 'critical-path',
    defaults: { agent: 'shell', timeout: '10m', retries: 1, estimate: '5m' },
    agents: { shell: { count: 2, executor: 'process' }, fmt: { count: 1, executor: 'process', command: ['echo', 'fmt'] } },
    routing: { docs: 'fmt', default: 'shell' },
    resources: { db: 1, quota: 3 },
    tickets: [
      { id: 'A-1', run: 'echo a', estimate: '20m', priority: 'HIGH', files: ['src/**'] },
      { id: 'A-2', run: ['echo', 'b'], depends_on: ['A-1'], resources: { db: 1 }, validate: ['true', { run: 'true', name: 'gate', timeout: '1m' }] },
      { id: 'DOC-1', category: 'docs', after: ['A-1'], conflicts_with: ['A-2'], files: ['src/a.ts'] },
      { id: 'A-3', run: 'echo c', depends_on: ['A-2', 'DOC-1'], env: { X: '1' }, isolated: true, timeout: '1m', backoff: '1s', rollback: 'echo undo' },
    ],
  };
}

describe('valid plan baseline', () => {
  it('compiles and loads cleanly', async () => {
    const loaded = compilePlan(validPlan(), { file: '<memory>', baseDir: tmp });
    expect(loaded.ok ? [] : loaded.problems.map((p) => formatProblem(p))).toEqual([]);
    writeFileSync(join(tmp, 'valid.yaml'), stringify(validPlan()));
    expect((await loadPlan(join(tmp, 'valid.yaml'))).ok).toBe(true);
  });
});

// ---------------------------------------------------------------- values shaped like plans

const ids = fc.constantFrom('A-1', 'A-2', 'A-3', 'DOC-1', 'a-1', 'B', '', ' ', 'A-1 ', 'x\ny', '\u001b[31m', '009', '__proto__', 'constructor', 'toString');
const scalar = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(Number.NaN, Infinity, -0, 2 ** 53, '', '10m', '6-8h', '-1s', '1e309', '__proto__'),
  ids,
);
const junk = fc.oneof(
  { depthSize: 'small' },
  scalar,
  fc.array(scalar, { maxLength: 4 }),
  fc.dictionary(fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('__proto__', 'constructor', 'id', 'run')), scalar, { maxKeys: 4 }),
);
const refs = fc.oneof(fc.array(fc.oneof(ids, junk), { maxLength: 4 }), ids, junk);
const ticket = fc.oneof(
  { weight: 5, arbitrary: fc.record(
    {
      id: fc.oneof(ids, junk),
      title: fc.oneof(fc.string(), junk),
      run: fc.oneof(fc.string({ maxLength: 10 }), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }), junk),
      agent: fc.oneof(fc.constantFrom('shell', 'fmt', 'nope', ''), junk),
      category: fc.oneof(fc.constantFrom('docs', 'x'), junk),
      depends_on: refs,
      after: refs,
      conflicts_with: refs,
      resources: fc.oneof(fc.dictionary(fc.constantFrom('db', 'quota', 'nope', ''), fc.oneof(fc.integer({ min: -2, max: 5 }), junk)), fc.array(fc.constantFrom('db', 'x')), junk),
      files: fc.oneof(fc.array(fc.constantFrom('src/**', '[', '**/*', '{a,b}', '', '!x', '../..', '/etc/passwd')), junk),
      estimate: fc.oneof(fc.constantFrom('5m', '6-8h', '2 hours', '0s', '-5m', '999999999h'), junk),
      timeout: fc.oneof(fc.constantFrom('1m', '0', 'never'), junk),
      retries: fc.oneof(fc.integer({ min: -3, max: 1_000_000 }), junk),
      priority: fc.oneof(fc.constantFrom('critical', 'LOW', 'urgent'), junk),
      isolated: fc.oneof(fc.boolean(), junk),
      validate: fc.oneof(fc.array(fc.oneof(fc.string({ maxLength: 5 }), fc.record({ run: junk, name: junk, timeout: junk }, { requiredKeys: [] }), junk), { maxLength: 3 }), junk),
      env: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), scalar, { maxKeys: 3 }), junk),
      cwd: junk,
      input: junk,
      unknown_field: junk,
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: junk },
);
const planLike = fc.oneof(
  { weight: 6, arbitrary: fc.record(
    {
      version: fc.oneof(fc.constant(1), junk),
      name: fc.oneof(fc.string(), junk),
      strategy: fc.oneof(fc.constantFrom('maximum', 'Balanced', 'fastest'), junk),
      registry: fc.oneof(fc.constantFrom('./nowhere', '', '.'), junk),
      defaults: fc.oneof(fc.record({ agent: fc.oneof(fc.constantFrom('shell', 'zz'), junk), timeout: junk, retries: junk, estimate: junk }, { requiredKeys: [] }), junk),
      agents: fc.oneof(
        fc.dictionary(
          fc.constantFrom('shell', 'fmt', 'w', ''),
          fc.oneof(fc.record({ count: fc.oneof(fc.integer({ min: -1, max: 4 }), junk), executor: fc.oneof(fc.constantFrom('process', 'worker', 'function', 'x'), junk), command: junk, module: junk }, { requiredKeys: [] }), junk),
          { maxKeys: 3 },
        ),
        junk,
      ),
      routing: fc.oneof(fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.constantFrom('shell', 'fmt', 'zz'), junk), { maxKeys: 3 }), junk),
      resources: fc.oneof(fc.dictionary(fc.constantFrom('db', 'quota', ''), fc.oneof(fc.integer({ min: -1, max: 3 }), junk), { maxKeys: 3 }), junk),
      tickets: fc.oneof({ weight: 4, arbitrary: fc.array(ticket, { maxLength: 8 }) }, { weight: 1, arbitrary: junk }),
      execution_plan: fc.oneof(
        fc.record({ parallel_groups: fc.oneof(fc.array(fc.record({ group_id: junk, tickets: refs }, { requiredKeys: [] }), { maxLength: 3 }), junk), registry: junk }, { requiredKeys: [] }),
        junk,
      ),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 3 }) },
);

describe('compilePlan on plan-shaped values', () => {
  it('never throws; every problem has a message and a field path', () => {
    fc.assert(
      fc.property(planLike, (raw) => {
        expectWellFormed(compilePlan(raw, { file: '<memory>', baseDir: tmp }), { file: '<memory>', inMemory: true });
      }),
      { numRuns: soak(1000) },
    );
  });
});

// ---------------------------------------------------------------- mutations of a valid plan

type Mutation = (plan: Record<string, unknown>) => void;

/** Every object or array inside `value`, with itself first. */
function containers(value: unknown): (Record<string, unknown> | unknown[])[] {
  const out: (Record<string, unknown> | unknown[])[] = [];
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v !== null && typeof v === 'object') {
      out.push(v as Record<string, unknown>);
      stack.push(...Object.values(v));
    }
  }
  return out;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  // Replace, delete or add a key anywhere.
  fc.tuple(fc.nat(), fc.nat(), junk).map(([at, key, value]): Mutation => (plan) => {
    const all = containers(plan);
    const target = all[at % all.length]!;
    const keys = Object.keys(target);
    if (keys.length === 0) return;
    (target as Record<string, unknown>)[keys[key % keys.length]!] = value;
  }),
  fc.tuple(fc.nat(), fc.nat()).map(([at, key]): Mutation => (plan) => {
    const all = containers(plan);
    const target = all[at % all.length]!;
    if (Array.isArray(target)) target.splice(key % Math.max(target.length, 1), 1);
    else {
      const keys = Object.keys(target);
      if (keys.length > 0) delete target[keys[key % keys.length]!];
    }
  }),
  fc.tuple(fc.nat(), fc.constantFrom('id', 'depends_on', 'bogus', 'run', 'agent', 'count', 'executor'), junk).map(([at, key, value]): Mutation => (plan) => {
    const all = containers(plan).filter((c) => !Array.isArray(c));
    if (all.length > 0) (all[at % all.length] as Record<string, unknown>)[key] = value;
  }),
  // Graph damage: duplicate a ticket, rename one, add a dependency (self, cycle, unknown).
  fc.nat().map((i): Mutation => (plan) => {
    const tickets = plan.tickets as unknown[];
    if (Array.isArray(tickets) && tickets.length > 0) tickets.push(structuredClone(tickets[i % tickets.length]));
  }),
  fc.tuple(fc.nat(), ids).map(([i, id]): Mutation => (plan) => {
    const t = (plan.tickets as Record<string, unknown>[] | undefined)?.[i % 4];
    if (t !== null && typeof t === 'object') t.id = id;
  }),
  fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('depends_on', 'after', 'conflicts_with')).map(([i, j, field]): Mutation => (plan) => {
    const tickets = plan.tickets as Record<string, unknown>[] | undefined;
    if (!Array.isArray(tickets) || tickets.length === 0) return;
    const from = tickets[i % tickets.length];
    const to = tickets[j % tickets.length];
    if (from === null || typeof from !== 'object' || to === null || typeof to !== 'object') return;
    const list = Array.isArray(from[field]) ? (from[field] as unknown[]) : [];
    from[field] = [...list, to.id];
  }),
);

describe('mutations of a valid plan', () => {
  it('compilePlan: never throws, every problem has a message and a field path', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), (mutations) => {
        const plan = validPlan();
        for (const mutate of mutations) mutate(plan);
        expectWellFormed(compilePlan(plan, { file: '<memory>', baseDir: tmp }), { file: '<memory>', inMemory: true });
      }),
      { numRuns: soak(1000) },
    );
  });

  it('loadPlan on the mutated plan written as YAML: problems located inside the file', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        const plan = validPlan();
        for (const mutate of mutations) mutate(plan);
        const text = stringify(plan, { aliasDuplicateObjects: false });
        const file = join(tmp, `mutated-${n++}.yaml`);
        writeFileSync(file, text);
        expectWellFormed(await loadPlan(file), { file, lines: lineCount(text) });
      }),
      { numRuns: soak(300) },
    );
  });
});

// ---------------------------------------------------------------- mutations of YAML text

/** Edits that break YAML: characters YAML cares about, indentation, duplicated or cut lines. */
const textEdit = fc.oneof(
  fc.tuple(fc.nat(), fc.constantFrom('[', ']', '{', '}', ':', '- ', '"', "'", '&a ', '*a', '!!binary ', '? ', '|', '>', '#', '\t', '\n', '  ', '%', '@', '`', '\u00e9', '\ufeff', '\u0000', '\r')).map(
    ([at, insert]) =>
      (text: string): string => {
        const i = at % (text.length + 1);
        return text.slice(0, i) + insert + text.slice(i);
      },
  ),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 20 })).map(([at, length]) => (text: string): string => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + text.slice(i + length);
  }),
  fc.nat().map((at) => (text: string): string => {
    const lines = text.split('\n');
    const i = at % lines.length;
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }),
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(([at, shift]) => (text: string): string => {
    const lines = text.split('\n');
    const i = at % lines.length;
    lines[i] = shift >= 0 ? ' '.repeat(shift) + lines[i]! : lines[i]!.slice(-shift);
    return lines.join('\n');
  }),
);

describe('mutations of YAML text', () => {
  it('loadPlan: never throws, problems located inside the file, one line each', async () => {
    const base = stringify(validPlan());
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(textEdit, { minLength: 1, maxLength: 5 }), async (edits) => {
        const text = edits.reduce((t, edit) => edit(t), base);
        const file = join(tmp, `text-${n++}.yaml`);
        writeFileSync(file, text);
        expectWellFormed(await loadPlan(file), { file, lines: lineCount(text) });
      }),
      { numRuns: soak(400) },
    );
  });

  it('loadPlan on random bytes: never throws, never ok', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 512 }), async (bytes) => {
        const file = join(tmp, `bytes-${n++}.yaml`);
        writeFileSync(file, bytes);
        const result = await loadPlan(file);
        expectWellFormed(result, { file, lines: lineCount(Buffer.from(bytes).toString('latin1')) });
        expect(result.ok).toBe(false);
      }),
      { numRuns: soak(200) },
    );
  });
});

// ---------------------------------------------------------------- markdown tickets

const frontmatterValue = fc.oneof(
  junk,
  fc.record(
    {
      ticket_id: fc.oneof(ids, junk),
      id: fc.oneof(ids, junk),
      title: junk,
      run: fc.oneof(fc.string({ maxLength: 8 }), junk),
      priority: fc.oneof(fc.constantFrom('high', 'LOW', 'urgent'), junk),
      status: fc.oneof(fc.constantFrom('pending', 'completed', 'weird'), junk),
      estimated_effort: fc.oneof(fc.constantFrom('2h', '6-8 hours', 'forever'), junk),
      dependencies: fc.oneof(fc.record({ blocking: refs, soft: refs, sequential: refs }, { requiredKeys: [] }), refs),
      affected_files: fc.oneof(fc.array(fc.constantFrom('src/**', '', '[')), junk),
      execution_strategy: fc.oneof(fc.constantFrom('isolated', 'parallel', 'x'), junk),
      assigned_agents: fc.oneof(fc.constantFrom('shell', 'nobody'), junk),
    },
    { requiredKeys: [] },
  ),
);

/** A markdown ticket: usually frontmatter (maybe broken by a text edit), sometimes none or unclosed. */
const markdown = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(frontmatterValue, fc.array(textEdit, { maxLength: 2 })).map(([value, edits]) => `---\n${edits.reduce((t, edit) => edit(t), stringify(value))}---\n# Body\n`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 80 }).map((s) => `---\n${s}`) },
);

describe('folders of random markdown tickets', () => {
  it('loadTicketFolder and loadPlan(folder): never throw, problems located in the ticket files', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(markdown, { minLength: 1, maxLength: 5 }), async (files) => {
        const folder = join(tmp, `folder-${n++}`);
        mkdirSync(folder);
        const lines = new Map<string, number>();
        files.forEach((text, i) => {
          const file = join(folder, `T-${i}.md`);
          writeFileSync(file, text);
          lines.set(file, lineCount(text));
        });
        for (const result of [await loadTicketFolder(folder), await loadPlan(folder, { baseDir: tmp })]) {
          const problems = result.ok ? result.warnings : result.problems;
          for (const p of problems) expectWellFormed({ ok: false, problems: [p] }, { file: p.file, ...(lines.has(p.file) ? { lines: lines.get(p.file)! } : {}) });
        }
      }),
      { numRuns: soak(100) },
    );
  });
});
