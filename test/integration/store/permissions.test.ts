import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/runtime/store/RunStore.js';
import { runTpe, storedRun } from '../crash/raceHarness.js';

// The store holds every run's plan (command lines, inputs) and journal: its user's only.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpe-perm-'));
  // A workspace others may enter, as a project folder is: only .tpe/ keeps them out.
  chmodSync(dir, 0o755);
  writeFileSync(join(dir, 'plan.yaml'), ['name: perms', 'tickets:', '  - { id: A, run: "echo secret-output" }', '  - { id: B, depends_on: [A], run: "true" }', ''].join('\n'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

/** The uid/gid of an unprivileged user to try the store as (root only: it may switch users). */
const other = process.getuid?.() === 0 && spawnSync('id', ['-u', 'nobody']).status === 0 ? { uid: 65534, gid: 65534 } : undefined;

describe('the run store is readable by its user only', () => {
  it('makes .tpe/ 0700 and the database, its WAL, the logs and the exit files 0600', async () => {
    const store = RunStore.open(dir);
    // After a write the WAL and shared-memory files exist: SQLite gives them the database's mode.
    store.event('probe', 0, 'probe');
    for (const f of ['tpe.db-wal', 'tpe.db-shm']) expect(mode(join(dir, '.tpe', f))).toBe('600');
    store.close();
    expect(mode(join(dir, '.tpe'))).toBe('700');
    expect(mode(join(dir, '.tpe', 'tpe.db'))).toBe('600');

    const run = await runTpe(dir, ['run', 'plan.yaml', '--no-live', '--quiet']);
    expect(run.code).toBe(0);
    expect(run.stderr).not.toMatch(/notice/);
    const runId = storedRun(dir)?.id as string;
    const runDir = join(dir, '.tpe', 'runs', runId);
    expect(mode(runDir)).toBe('700');
    for (const f of readdirSync(join(runDir, 'logs'))) expect(mode(join(runDir, 'logs', f))).toBe('600');
    for (const f of readdirSync(join(runDir, 'attempts'))) expect(mode(join(runDir, 'attempts', f))).toBe('600');
    for (const f of ['tpe.db', 'tpe.db-wal', 'tpe.db-shm']) if (existsSync(join(dir, '.tpe', f))) expect(mode(join(dir, '.tpe', f))).toBe('600');
  }, 30_000);

  it('tightens a .tpe/ and a database found wider, saying so once', async () => {
    RunStore.open(dir).close();
    chmodSync(join(dir, '.tpe'), 0o755);
    chmodSync(join(dir, '.tpe', 'tpe.db'), 0o644);
    const first = await runTpe(dir, ['run', 'plan.yaml', '--no-live', '--quiet']);
    expect(first.code).toBe(0);
    const notices = first.stderr.split('\n').filter((l) => l.startsWith('notice'));
    expect(notices).toEqual([
      `notice ${join(dir, '.tpe')} was readable by others (mode 0755): now 0700, for its user only`,
      `notice ${join(dir, '.tpe', 'tpe.db')} was readable by others (mode 0644): now 0600, for its user only`,
    ]);
    expect(mode(join(dir, '.tpe'))).toBe('700');
    expect(mode(join(dir, '.tpe', 'tpe.db'))).toBe('600');
    const again = await runTpe(dir, ['run', 'plan.yaml', '--no-live', '--quiet']);
    expect(again.stderr).not.toMatch(/notice/);
  }, 30_000);

  it.skipIf(!other)('another user can read the workspace but neither the store nor the logs (tried as nobody)', async () => {
    expect((await runTpe(dir, ['run', 'plan.yaml', '--no-live', '--quiet'])).code).toBe(0);
    const runId = storedRun(dir)?.id as string;
    const as = (cmd: string, ...args: string[]) => spawnSync(cmd, args, { ...other, encoding: 'utf8' });
    // The control: the plan file itself is readable to them, so the folder is reachable.
    expect(as('cat', join(dir, 'plan.yaml')).status).toBe(0);
    const db = as('cat', join(dir, '.tpe', 'tpe.db'));
    expect(db.status).not.toBe(0);
    expect(db.stderr).toMatch(/Permission denied/);
    expect(as('ls', join(dir, '.tpe')).stderr).toMatch(/Permission denied/);
    expect(as('cat', join(dir, '.tpe', 'runs', runId, 'logs', 'A.1.log')).stderr).toMatch(/Permission denied/);
    // Even with .tpe/ opened up by hand, the files themselves stay closed.
    chmodSync(join(dir, '.tpe'), 0o755);
    chmodSync(join(dir, '.tpe', 'runs', runId), 0o755);
    chmodSync(join(dir, '.tpe', 'runs', runId, 'logs'), 0o755);
    expect(as('cat', join(dir, '.tpe', 'tpe.db')).stderr).toMatch(/Permission denied/);
    expect(as('cat', join(dir, '.tpe', 'runs', runId, 'logs', 'A.1.log')).stderr).toMatch(/Permission denied/);
  }, 30_000);
});
