/**
 * The loader's guards against bad bytes, in process: encoding, control
 * characters, YAML tags that make non-JSON values, and problems that stay on
 * one line whatever the input quotes. The same corpus the CLI test runs
 * (test/fixtures/bad-input) is loaded here too, without spawning.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblem, loadPlan, loadTicketFolder, type Loaded, type PlanProblem } from '../../../src/plan/index.js';

const corpus = join(import.meta.dirname, '..', '..', 'fixtures', 'bad-input');
const tmp = mkdtempSync(join(tmpdir(), 'tpe-guards-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
async function load(content: string | Buffer, ext = 'yaml'): Promise<string[]> {
  const dir = join(tmp, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, `plan.${ext}`), content);
  return rendered(await loadPlan(join(dir, `plan.${ext}`)), dir);
}

function rendered(result: Loaded<unknown>, cwd: string): string[] {
  return (result.ok ? [] : result.problems).map((p: PlanProblem) => formatProblem(p, { cwd }));
}

const PLAN = 'tickets:\n  - id: A\n    run: echo\n';

describe('encoding', () => {
  it('a Latin-1 byte is located at its line and column, counted in characters', async () => {
    expect(await load(Buffer.concat([Buffer.from(`${PLAN}    title: "été `), Buffer.from([0xe9]), Buffer.from('"\n')]))).toEqual([
      'plan.yaml:4:17 not valid UTF-8: expected a UTF-8 text file, found byte 0xe9',
    ]);
  });

  it('a sequence cut short at the end of the file', async () => {
    expect(await load(Buffer.concat([Buffer.from(PLAN), Buffer.from([0xe2, 0x82])]))).toEqual(['plan.yaml:4:1 not valid UTF-8: expected a UTF-8 text file, found byte 0xe2']);
  });

  it('a genuine U+FFFD before the bad byte is skipped over', async () => {
    expect(await load(Buffer.concat([Buffer.from('name: "\ufffd'), Buffer.from([0xff]), Buffer.from(`"\n${PLAN}`)]))).toEqual([
      'plan.yaml:1:9 not valid UTF-8: expected a UTF-8 text file, found byte 0xff',
    ]);
  });

  it('UTF-16 in either byte order is named', async () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(PLAN, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect(await load(le)).toEqual(['plan.yaml:1:1 the file is UTF-16: save it as UTF-8']);
    expect(await load(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual(['plan.yaml:1:1 the file is UTF-16: save it as UTF-8']);
  });

  it('a UTF-8 BOM is still accepted', async () => {
    expect(await load(`\ufeff${PLAN}`)).toEqual([]);
  });

  it('a markdown ticket in a bad encoding is located in its file', async () => {
    const dir = join(tmp, 'latin1-folder');
    mkdirSync(dir);
    writeFileSync(join(dir, 'T-1.md'), Buffer.concat([Buffer.from('---\nticket_id: T-1\nrun: echo\ntitle: caf'), Buffer.from([0xe9]), Buffer.from('\n---\n')]));
    expect(rendered(await loadTicketFolder(dir), dir)).toEqual(['T-1.md:4:11 not valid UTF-8: expected a UTF-8 text file, found byte 0xe9']);
  });
});

describe('control characters', () => {
  it('a raw NUL in a plan', async () => {
    expect(await load(`${PLAN}    title: "a\u0000b"\n`)).toEqual(['plan.yaml:4:14 control character U+0000 is not allowed in YAML (is this a binary file?)']);
  });

  it('an escape sequence in frontmatter, located in the markdown file', async () => {
    const dir = join(tmp, 'ctl-folder');
    mkdirSync(dir);
    writeFileSync(join(dir, 'T-1.md'), '---\nticket_id: T-1\nrun: echo \u001b[2J\n---\n');
    expect(rendered(await loadTicketFolder(dir), dir)).toEqual(['T-1.md:3:11 control character U+001B is not allowed in YAML (is this a binary file?)']);
  });

  it('tabs, CR LF and escaped controls inside quotes are fine', async () => {
    expect(await load('tickets:\r\n  - id: A\r\n    run: "echo\t\\u0007"\r\n')).toEqual([]);
  });

  it('ids with newlines and terminal escapes are refused, rendered escaped, one line per problem', async () => {
    const lines = await load('tickets:\n  - id: "A\\nB"\n    run: echo\n    depends_on: ["\\e[2J", "\\x07x"]\n');
    const refused = 'invalid ticket id: expected a ticket id without control characters (newlines, tabs, escapes)';
    expect(lines).toEqual([
      `plan.yaml:2:9 tickets[0].id: ${refused}, found "A\\nB"`,
      `plan.yaml:4:18 tickets[0].depends_on[0]: ${refused}, found "\\u001b[2J"`,
      `plan.yaml:4:27 tickets[0].depends_on[1]: ${refused}, found "\\u0007x"`,
    ]);
  });
});

describe('tags that make non-JSON values', () => {
  it.each([
    ['!!binary aGVsbG8=', 'binary', 21],
    ['!!timestamp 2001-12-14', 'timestamp', 24],
    ['!!set { a, b }', 'set', 18],
    ['!!omap [{ a: 1 }]', 'omap', 19],
    ['!!pairs [{ a: 1 }]', 'pairs', 20],
  ])('%s is refused where it stands', async (value, tag, col) => {
    expect(await load(`${PLAN}    input: ${value}\n`)).toEqual([`plan.yaml:4:${col} the tag !!${tag} is not supported: write a plain string, list or mapping`]);
  });

  it('also as a mapping key', async () => {
    expect(await load(`${PLAN}!!binary aGVsbG8=: 1\n`)).toEqual(['plan.yaml:4:10 the tag !!binary is not supported: write a plain string, list or mapping']);
  });

  it('!!str, !!map and !!seq stay allowed', async () => {
    expect(await load('tickets: !!seq\n  - !!map { id: !!str 1, run: echo }\n')).toEqual([]);
  });
});

describe('the bad-input corpus, in process', () => {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.yaml'));

  it.each(files)('%s: problems, each located inside the file', async (file) => {
    const result = await loadPlan(join(corpus, file));
    expect(result.ok).toBe(false);
    for (const line of rendered(result, corpus)) expect(line).toMatch(/^[^\n]+:\d+:\d+ \S[^\n]*$/);
  });

  it('the broken registry folder', async () => {
    const result = await loadTicketFolder(join(corpus, 'registry-broken'));
    expect(result.ok).toBe(false);
    const lines = rendered(result, corpus);
    expect(lines.map((l) => l.split(':')[0])).toEqual([
      'registry-broken/alias-bomb.md',
      'registry-broken/broken-yaml.md',
      'registry-broken/broken-yaml.md',
      'registry-broken/latin1.md',
      'registry-broken/unclosed.md',
      'registry-broken/valid.md',
      'registry-broken/wrong-types.md',
      'registry-broken/wrong-types.md',
    ]);
  });
});
