/**
 * Bad input through the built binary: every broken plan or ticket file ends
 * with exit code 2 and one located line per problem (`file:line:col` inside
 * the file), never a stack trace, never a hang. Static cases live in
 * test/fixtures/bad-input; huge, binary and deeply nested ones are generated.
 * Runs `dist/cli/main.js` (built by `npm test` before vitest).
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
const corpus = join(root, 'test', 'fixtures', 'bad-input');
/** Far above what any case needs (well under a second each): reaching it means a hang. */
const HANG_MS = 20_000;
let work: string;

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function tpe(args: string[]): Promise<Outcome> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const child = spawn(process.execPath, [bin, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), HANG_MS);
    child.on('error', fail);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** A case: the path given to the CLI (relative to the work dir) and what some of its problem lines must say. */
interface Case {
  target: string;
  /** Each must match one problem line (without the `error ` label). */
  expect: RegExp[];
  /** Exact number of problems, when it is part of the point. */
  count?: number;
}

const cases: Case[] = [
  { target: 'malformed-flow.yaml', expect: [/^malformed-flow\.yaml:4:3 Flow sequence/] },
  { target: 'malformed-indent.yaml', expect: [/^malformed-indent\.yaml:\d+:\d+ /] },
  { target: 'tab-indent.yaml', expect: [/^tab-indent\.yaml:2:1 Tabs are not allowed as indentation$/] },
  { target: 'unterminated-string.yaml', expect: [/^unterminated-string\.yaml:\d+:\d+ Missing closing "quote$/] },
  { target: 'multiple-documents.yaml', expect: [/^multiple-documents\.yaml:2:1 .*multiple documents/], count: 1 },
  {
    target: 'wrong-types.yaml',
    expect: [
      /^wrong-types\.yaml:1:10 version: invalid value: expected 1, found 2$/,
      /^wrong-types\.yaml:4:19 agents\.shell\.count: wrong type/,
      /^wrong-types\.yaml:8:9 tickets\[0\]\.id: wrong type/,
      /^wrong-types\.yaml:9:10 tickets\[0\]\.run: wrong type/,
      /^wrong-types\.yaml:17:10 tickets\[1\]\.env: wrong type/,
      /^wrong-types\.yaml:18:5 tickets\[2\]: wrong type: expected a mapping, found "just a string"$/,
    ],
  },
  { target: 'tickets-not-a-list.yaml', expect: [/^tickets-not-a-list\.yaml:2:3 tickets: wrong type: expected a list, found a mapping$/], count: 1 },
  { target: 'unknown-fields.yaml', expect: [/^unknown-fields\.yaml:1:1 ticket: unknown field \(did you mean "tickets"\?\)$/, /^unknown-fields\.yaml:6:5 tickets\[0\]\.depends-on: unknown field \(did you mean "depends_on"\?\)$/, /^unknown-fields\.yaml:7:5 tickets\[0\]\.comand: unknown field/], count: 3 },
  {
    target: 'unknown-refs.yaml',
    expect: [
      /^unknown-refs\.yaml:5:12 tickets\[0\]\.agent: unknown agent type "robot"/,
      /^unknown-refs\.yaml:6:21 tickets\[0\]\.depends_on\[1\]: unknown ticket "Z"/,
      /^unknown-refs\.yaml:7:13 tickets\[0\]\.after\[0\]: unknown ticket "Y"/,
      /^unknown-refs\.yaml:8:22 tickets\[0\]\.conflicts_with\[0\]: unknown ticket "X"/,
      /^unknown-refs\.yaml:9:18 tickets\[0\]\.resources\.cache: unknown resource "cache"/,
    ],
    count: 5,
  },
  { target: 'duplicate-ids.yaml', expect: [/^duplicate-ids\.yaml:6:9 tickets\[2\]\.id: duplicate ticket id "a" \(first defined at line 2, column 9\)$/, /^duplicate-ids\.yaml:8:9 tickets\[3\]\.id: duplicate ticket id "B"/], count: 2 },
  { target: 'duplicate-keys.yaml', expect: [/^duplicate-keys\.yaml:4:5 Map keys must be unique$/], count: 1 },
  { target: 'cycle-self.yaml', expect: [/^cycle-self\.yaml:4:18 tickets\[0\]\.depends_on\[0\]: ticket depends on itself: A → A$/], count: 1 },
  { target: 'cycle-two-and-three.yaml', expect: [/^cycle-two-and-three\.yaml:2:\d+ .*: dependency cycle: A → B → A$/, /^cycle-two-and-three\.yaml:4:\d+ .*: dependency cycle: C → E → D → C$/], count: 2 },
  { target: 'billion-laughs.yaml', expect: [/^billion-laughs\.yaml:\d+:\d+ too many aliases/], count: 1 },
  { target: 'recursive-alias.yaml', expect: [/^recursive-alias\.yaml:4:12 alias \*t refers to a node that contains it$/], count: 1 },
  { target: 'binary-tag.yaml', expect: [/^binary-tag\.yaml:2:14 the tag !!binary is not supported/], count: 1 },
  { target: 'complex-key.yaml', expect: [/^complex-key\.yaml:2:7 a mapping key must be a plain value/], count: 1 },
  { target: 'empty.yaml', expect: [/^empty\.yaml:1:1 not a plan: .*found null$/], count: 1 },
  { target: 'comments-only.yaml', expect: [/^comments-only\.yaml:1:1 not a plan: .*found null$/], count: 1 },
  { target: 'scalar.yaml', expect: [/^scalar\.yaml:1:1 not a plan: .*found "just a scalar"$/], count: 1 },
  { target: 'number.yaml', expect: [/^number\.yaml:1:1 not a plan: .*found 42$/], count: 1 },
  { target: 'list.yaml', expect: [/^list\.yaml:1:1 not a plan: .*found a list$/], count: 1 },
  { target: 'latin1.yaml', expect: [/^latin1\.yaml:1:10 not valid UTF-8: expected a UTF-8 text file, found byte 0xe9$/], count: 1 },
  { target: 'utf16.yaml', expect: [/^utf16\.yaml:1:1 the file is UTF-16: save it as UTF-8$/], count: 1 },
  { target: 'nul-byte.yaml', expect: [/^nul-byte\.yaml:3:16 control character U\+0000 is not allowed in YAML/], count: 1 },
  {
    target: 'control-chars-in-ids.yaml',
    expect: [
      /^control-chars-in-ids\.yaml:2:9 tickets\[0\]\.id: invalid ticket id: expected a ticket id without control characters \(newlines, tabs, escapes\), found "A\\nB"$/,
      /^control-chars-in-ids\.yaml:4:18 tickets\[0\]\.depends_on\[0\]: invalid ticket id: .*, found "\\u001b\[2Jgone"$/,
    ],
    count: 2,
  },
  { target: 'registry-missing.yaml', expect: [/^registry-missing\.yaml:1:11 registry: registry folder \.\/no-such-folder: no such file or directory$/], count: 1 },
  {
    target: 'registry-plan.yaml',
    expect: [
      /^registry-broken\/alias-bomb\.md:\d+:\d+ too many aliases/,
      /^registry-broken\/broken-yaml\.md:4:1 Flow sequence/,
      /^registry-broken\/latin1\.md:3:11 not valid UTF-8/,
      /^registry-broken\/unclosed\.md:1:1 the frontmatter is not closed by a `---` line$/,
      /^registry-broken\/valid\.md:5:14 dependencies\.blocking\[0\]: unknown ticket "BR-404"/,
      /^registry-broken\/wrong-types\.md:4:11 priority: invalid value/,
      /^registry-broken\/wrong-types\.md:6:15 dependencies: wrong type/,
    ],
  },
  // `check <folder>` reads it as a ticket folder, `run <folder>` as a plan of its tickets: both report the same files.
  { target: 'registry-broken', expect: [/^registry-broken\/unclosed\.md:1:1 the frontmatter is not closed/, /^registry-broken\/broken-yaml\.md:4:1 /] },
  { target: 'registry-broken/valid.md', expect: [/^registry-broken\/valid\.md:1:1 a single markdown ticket is not a plan/], count: 1 },
  { target: 'no-such-plan.yaml', expect: [/^no-such-plan\.yaml:1:1 no such file or directory$/], count: 1 },
  // Generated in beforeAll.
  { target: 'gen/huge.yaml', expect: [/^gen\/huge\.yaml:1:1 file is too large: expected at most 10 MB, found 10\.0 MB$/], count: 1 },
  { target: 'gen/near-limit-garbage.yaml', expect: [/^gen\/near-limit-garbage\.yaml:\d+:\d+ /] },
  { target: 'gen/binary.yaml', expect: [/^gen\/binary\.yaml:\d+:\d+ (not valid UTF-8|control character)/], count: 1 },
  { target: 'gen/binary-utf8.yaml', expect: [/^gen\/binary-utf8\.yaml:1:\d+ control character/], count: 1 },
  { target: 'gen/deep-flow.yaml', expect: [/^gen\/deep-flow\.yaml:1:110 nesting deeper than 100 levels$/], count: 1 },
  { target: 'gen/deep-block.yaml', expect: [/^gen\/deep-block\.yaml:\d+:\d+ (the document is nested too deeply|nesting deeper than 100 levels)$/], count: 1 },
  { target: 'gen/deep-block-maps.yaml', expect: [/^gen\/deep-block-maps\.yaml:\d+:\d+ (the document is nested too deeply|nesting deeper than 100 levels)$/], count: 1 },
  { target: 'gen/wide-alias.yaml', expect: [/^gen\/wide-alias\.yaml:\d+:\d+ too many aliases/], count: 1 },
  { target: 'gen/many-problems.yaml', expect: [/^gen\/many-problems\.yaml:4:18 tickets\[0\]\.depends_on\[0\]: unknown ticket "NOPE-0"/, /^gen\/many-problems\.yaml:8000:18 tickets\[1999\]\.depends_on\[0\]: unknown ticket "NOPE-1999"/], count: 2000 },
  { target: 'gen/registry-huge/plan.yaml', expect: [/^gen\/registry-huge\/tickets\/huge\.md:1:1 file is too large/], count: 1 },
  ...Array.from({ length: 8 }, (_, i) => i + 1).map((n): Case => {
    const path = [...Array.from({ length: n }, (_, k) => `T${k + 1}`), 'T1'].join(' → ');
    return { target: `gen/cycle-${n}.yaml`, expect: [new RegExp(`^gen/cycle-${n}\\.yaml:\\d+:\\d+ tickets\\[\\d+\\]\\.depends_on\\[0\\]: (ticket depends on itself|dependency cycle): ${path}$`)], count: 1 };
  }),
];

/** Deterministic bytes (a linear congruential generator): the same garbage on every run. */
function garbage(length: number, seed: number, byte: (x: number) => number = (x) => x & 0xff): Buffer {
  const out = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = byte(x >>> 16);
  }
  return out;
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-bad-input-'));
  cpSync(corpus, work, { recursive: true });
  const gen = join(work, 'gen');
  mkdirSync(gen);
  writeFileSync(join(gen, 'huge.yaml'), Buffer.alloc(10 * 1024 * 1024 + 1, 'a'));
  // Just under the cap: printable ASCII in YAML's worst mood (brackets, quotes, colons, dashes).
  const alphabet = Buffer.from(`[]{}:-?,&*!|>'"%@\` #\n  abc`);
  writeFileSync(join(gen, 'near-limit-garbage.yaml'), garbage(9 * 1024 * 1024, 7, (x) => alphabet[x % alphabet.length]!));
  writeFileSync(join(gen, 'binary.yaml'), garbage(64 * 1024, 42));
  // Random bytes that still happen to be valid UTF-8: ASCII control characters and text.
  writeFileSync(join(gen, 'binary-utf8.yaml'), Buffer.concat([Buffer.from('tickets: '), garbage(64 * 1024, 9, (x) => x & 0x7f)]));
  writeFileSync(join(gen, 'deep-flow.yaml'), `tickets: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n`);
  writeFileSync(join(gen, 'deep-block.yaml'), `${Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(i)}-`).join('\n')} 1\n`);
  writeFileSync(join(gen, 'deep-block-maps.yaml'), `${Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} 1\n`);
  // Not exponential, but a thousand aliases of a thousand-item list: a million values from 10 KB.
  const wide = ['big: &big [', Array.from({ length: 1_000 }, () => 'x').join(', '), ']\n', 'tickets:\n', ...Array.from({ length: 1_000 }, (_, i) => `  - { id: W${i}, run: echo, input: *big }\n`)];
  writeFileSync(join(gen, 'wide-alias.yaml'), wide.join(''));
  const many = ['tickets:\n', ...Array.from({ length: 2_000 }, (_, i) => `  - id: M${i}\n    run: echo\n    depends_on: [NOPE-${i}]\n    title: t\n`)];
  writeFileSync(join(gen, 'many-problems.yaml'), many.join(''));
  mkdirSync(join(gen, 'registry-huge', 'tickets'), { recursive: true });
  writeFileSync(join(gen, 'registry-huge', 'plan.yaml'), 'registry: ./tickets\n');
  writeFileSync(join(gen, 'registry-huge', 'tickets', 'huge.md'), Buffer.concat([Buffer.from('---\nticket_id: H-1\nrun: echo\n---\n'), Buffer.alloc(10 * 1024 * 1024, '#')]));
  for (let n = 1; n <= 8; n++) {
    const tickets = Array.from({ length: n }, (_, k) => `  - id: T${k + 1}\n    run: echo\n    depends_on: [T${((k + 1) % n) + 1}]\n`);
    writeFileSync(join(gen, `cycle-${n}.yaml`), `tickets:\n${tickets.join('')}`);
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Lines of a text file, for "the location is inside the file". */
function lineCount(file: string): number | undefined {
  const path = join(work, file);
  if (!existsSync(path) || !statSync(path).isFile() || statSync(path).size > 20 * 1024 * 1024) return undefined;
  return readFileSync(path, 'latin1').split('\n').length;
}

function checkOutcome(c: Case, r: Outcome, summary: RegExp): void {
  const context = `${c.target}\n--- stderr:\n${r.stderr.slice(0, 4000)}\n--- stdout:\n${r.stdout.slice(0, 1000)}`;
  expect(r.signal, `hang (killed after ${HANG_MS} ms): ${context}`).toBeNull();
  expect(r.stderr, context).not.toMatch(/\n\s+at /);
  expect(r.stderr, context).not.toMatch(/internal error|TypeError|RangeError|SyntaxError|ReferenceError/);
  expect(r.code, context).toBe(2);
  const lines = r.stderr.split('\n').filter((line) => line !== '');
  const errors = lines.filter((line) => line.startsWith('error ')).map((line) => line.slice('error '.length));
  const other = lines.filter((line) => !line.startsWith('error ') && !line.startsWith('warning '));
  // Every line is a problem, a warning, or the count at the end.
  expect(other, context).toHaveLength(1);
  expect(other[0], context).toMatch(summary);
  const total = Number(summary.exec(other[0]!)![1]);
  expect(errors, context).toHaveLength(total);
  if (c.count !== undefined) expect(total, context).toBe(c.count);
  for (const line of errors) {
    const located = /^(.+?):(\d+):(\d+) \S/.exec(line);
    expect(located, `not located: ${line}`).not.toBeNull();
    const [, file, lineNo, col] = located!;
    expect(Number(lineNo)).toBeGreaterThanOrEqual(1);
    expect(Number(col)).toBeGreaterThanOrEqual(1);
    const fileLines = lineCount(file!);
    if (fileLines !== undefined) expect(Number(lineNo), `line beyond the end of ${file}: ${line}`).toBeLessThanOrEqual(fileLines);
  }
  for (const pattern of c.expect) expect(errors.some((line) => pattern.test(line)), `no line matches ${String(pattern)}:\n${context}`).toBe(true);
}

describe.concurrent('tpe check <bad input>', () => {
  for (const c of cases) {
    it(c.target, async () => {
      checkOutcome(c, await tpe(['check', c.target]), /^(\d+) problems? found\.$/);
    });
  }
});

describe.concurrent('tpe run <bad input>', () => {
  for (const c of cases) {
    it(c.target, async () => {
      const r = await tpe(['run', c.target, '--no-live', '--no-store', '--no-sync-registry']);
      checkOutcome(c, r, /^(\d+) problems? found; nothing was run\.$/);
      expect(existsSync(join(work, '.tpe'))).toBe(false);
    });
  }
});

describe('tpe check --json <bad input>', () => {
  it('gives every problem with its location and the rendered line', async () => {
    const r = await tpe(['check', '--json', 'unknown-refs.yaml']);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: { line: number; col: number; file: string; text: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems).toHaveLength(5);
    for (const p of out.problems) expect(p.text).toMatch(/^unknown-refs\.yaml:\d+:\d+ /);
  });
});
