/** writeFileAtomic on a real file system: readers see whole files only; mode and links survive. */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../../src/actors/registry/index.js';

const work = mkdtempSync(join(tmpdir(), 'tpe-atomic-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('never lets a concurrent reader see a partial file', async () => {
    const file = join(work, 'big.md');
    const versions = ['a', 'b', 'c', 'd'].map((c) => `---\nstatus: ${c}\n---\n${c.repeat(512 * 1024)}\n`);
    writeFileSync(file, versions[0] as string);
    let writing = true;
    const seen = new Set<string>();
    const reader = (async () => {
      while (writing) seen.add(await readFile(file, 'utf8'));
    })();
    for (let round = 0; round < 5; round++) for (const v of versions) await writeFileAtomic(file, v);
    writing = false;
    await reader;
    expect(seen.size).toBeGreaterThan(1); // the reader did overlap the writes
    for (const text of seen) expect(versions).toContain(text);
    expect(readdirSync(work).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps the permission bits and replaces the target of a symbolic link, not the link', async () => {
    const target = join(work, 'target.md');
    const link = join(work, 'link.md');
    writeFileSync(target, 'old\n');
    chmodSync(target, 0o640);
    symlinkSync(target, link);
    await writeFileAtomic(link, 'new\n');
    expect(readFileSync(target, 'utf8')).toBe('new\n');
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readFileSync(link, 'utf8')).toBe('new\n');
  });

  it('fails without leaving a temporary file when the target cannot be replaced', async () => {
    // Renaming a file over a non-empty directory fails.
    const dir = join(work, 'a-dir.md');
    mkdirSync(join(dir, 'child'), { recursive: true });
    await expect(writeFileAtomic(dir, 'x')).rejects.toThrow();
    expect(readdirSync(work).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
