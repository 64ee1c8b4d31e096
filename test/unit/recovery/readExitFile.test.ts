import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readExitFile } from '../../../src/runtime/recovery/readExitFile.js';
import { exitTagFor } from '../../../src/runtime/jobForTicket.js';

const dir = mkdtempSync(join(tmpdir(), 'tpe-exitfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exitFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const tag = exitTagFor('exec_1', 'a/b c', 2);

describe('readExitFile', () => {
  it('reads the whole line the wrapper writes, when it names the attempt asked for', () => {
    expect(readExitFile(exitFile('ok', `0 ${tag}\n`), tag)).toBe(0);
    expect(readExitFile(exitFile('code', `143 ${tag}\n`), tag)).toBe(143);
  });

  it("refuses another ticket's or attempt's exit, and a line without a tag", () => {
    expect(readExitFile(exitFile('other-ticket', `0 ${exitTagFor('exec_1', 'a_b c', 2)}\n`), tag)).toBeUndefined();
    expect(readExitFile(exitFile('other-attempt', `0 ${exitTagFor('exec_1', 'a/b c', 1)}\n`), tag)).toBeUndefined();
    expect(readExitFile(exitFile('other-run', `0 ${exitTagFor('exec_2', 'a/b c', 2)}\n`), tag)).toBeUndefined();
    expect(readExitFile(exitFile('untagged', '0\n'), tag)).toBeUndefined();
  });

  it('counts a file cut short (a wrapper killed while writing) as unfinished', () => {
    expect(readExitFile(exitFile('empty', ''), tag)).toBeUndefined();
    expect(readExitFile(exitFile('partial', '14'), tag)).toBeUndefined();
    expect(readExitFile(exitFile('no-newline', `0 ${tag}`), tag)).toBeUndefined();
    expect(readExitFile(exitFile('garbage', 'x\n'), tag)).toBeUndefined();
    expect(readExitFile(join(dir, 'missing'), tag)).toBeUndefined();
    expect(readExitFile(undefined, tag)).toBeUndefined();
  });
});
