import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readExitFile } from '../../../src/runtime/recovery/readExitFile.js';

const dir = mkdtempSync(join(tmpdir(), 'tpe-exitfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exitFile(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('readExitFile', () => {
  it('reads the whole line the wrapper writes', () => {
    expect(readExitFile(exitFile('ok', '0\n'))).toBe(0);
    expect(readExitFile(exitFile('code', '143\n'))).toBe(143);
  });

  it('counts a file cut short (a wrapper killed while writing) as unfinished', () => {
    expect(readExitFile(exitFile('empty', ''))).toBeUndefined();
    expect(readExitFile(exitFile('partial', '14'))).toBeUndefined();
    expect(readExitFile(exitFile('garbage', 'x\n'))).toBeUndefined();
    expect(readExitFile(join(dir, 'missing'))).toBeUndefined();
    expect(readExitFile(undefined)).toBeUndefined();
  });
});
