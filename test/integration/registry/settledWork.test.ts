/**
 * Settled work is sacred: a ticket that was completed (or cancelled) before the run,
 * by its status in any spelling or by the folder it sits in, is neither run nor
 * rewritten. A registry of the shapes real ones have, run by the built CLI.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTpe } from '../crash/tpeProcess.js';
import { FIXTURES } from './fixtures.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpe-settled-'));
  cpSync(join(FIXTURES, 'settled'), join(dir, 'tickets'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const files = (root: string) =>
  readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => [f, readFileSync(join(root, f), 'utf8')] as const);

describe('settled work is sacred', () => {
  it('check reads decorated statuses and settled folders, and says what it made of them', async () => {
    const check = await runTpe(dir, ['check', 'tickets']);
    expect(check.code).toBe(0);
    expect(check.stderr).toMatch(/completed\/SYS-002-moved\.md:\d+:\d+ status: the file is in `completed\/` but its status says in-progress: taken as completed, and not run/);
    expect(check.stderr).toMatch(/pending\/SYS-005-odd\.md:\d+:\d+ status: unknown status: the ticket is taken as open: expected .*, found "🤔 pondering"/);
  });

  it('run executes only the open tickets and leaves every settled file as it was, byte for byte', async () => {
    const before = new Map(files(join(dir, 'tickets')));
    const run = await runTpe(dir, ['run', 'tickets', '--no-live', '--quiet'], 0, { LEDGER: join(dir, 'ledger') });
    expect(run.code, run.stderr).toBe(0);
    expect(readFileSync(join(dir, 'ledger'), 'utf8').trim().split('\n').sort()).toEqual(['SYS-003', 'SYS-005']);
    const after = new Map(files(join(dir, 'tickets')));
    for (const settled of ['completed/SYS-001-schema.md', 'completed/SYS-002-moved.md', 'pending/SYS-004-closed.md']) {
      expect(after.get(settled), settled).toBe(before.get(settled));
    }
    // The tickets this run executed are the ones it wrote.
    expect(after.get('pending/SYS-003-migrate.md')).toMatch(/status: "?completed"?\n/);
  });
});
