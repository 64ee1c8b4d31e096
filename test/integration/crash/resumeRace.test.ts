import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { bin } from './crashHarness.js';
import { checkLedger, raceResumes, raceWorkspace, runTpe, STACK, storedRun } from './raceHarness.js';

describe('one engine per run: resumes racing for a crashed run', () => {
  it('two resumes at once: one continues the run, the other names the owner; every ticket runs once', async () => {
    expect(existsSync(bin)).toBe(true);
    const outcomes = [];
    for (let seed = 1; seed <= 4; seed++) outcomes.push(await raceResumes({ seed, resumers: 2 }));
    expect(outcomes.filter((o) => o.errors.length > 0).map((o) => ({ seed: o.seed, errors: o.errors }))).toEqual([]);
    // The loser is refused, or (started a little later) finds the winner's socket and hands it the
    // resume, or (on a loaded machine, started later still) finds the run completed.
    expect(outcomes.every((o) => o.refused + o.handedOver + o.late === 1)).toBe(true);
    expect(outcomes.some((o) => o.refused === 1)).toBe(true);
  }, 120_000);

  it('five resumes at once: exactly one continues the run', async () => {
    const outcomes = [];
    for (let seed = 11; seed <= 12; seed++) outcomes.push(await raceResumes({ seed, resumers: 5 }));
    expect(outcomes.filter((o) => o.errors.length > 0).map((o) => ({ seed: o.seed, errors: o.errors }))).toEqual([]);
    expect(outcomes.map((o) => ({ resumedBy: o.resumedBy, others: o.refused + o.handedOver + o.late }))).toEqual(outcomes.map(() => ({ resumedBy: 1, others: 4 })));
  }, 120_000);

  it('a resume of a run whose engine is stopped (SIGSTOP, alive but silent) does not take it over', async () => {
    const o = await raceResumes({ seed: 21, resumers: 1, stopInsteadOfKill: true });
    expect(o.errors).toEqual([]);
    expect(o.refused).toBe(1);
    expect(o.exits[0]?.stderr).toMatch(/is owned by process \d+ on .*: it is running or being resumed there/);
  }, 60_000);

  it('tpe run of another plan racing tpe resume in one workspace: each run has one engine, nothing runs twice', async () => {
    const { dir, ledger, deps } = raceWorkspace(31, 24);
    const other = join(dir, 'ledger-other.txt');
    writeFileSync(
      join(dir, 'other.yaml'),
      ['name: other', 'agents: { shell: { count: 2 } }', 'tickets:', ...Array.from({ length: 8 }, (_, i) => `  - { id: O${i}, run: 'sleep 0.05; echo O${i} >> "${other}"' }`), ''].join('\n'),
    );
    try {
      const first = spawn(process.execPath, [bin, 'run', 'plan.yaml', '--no-live', '--quiet'], { cwd: dir, stdio: 'ignore' });
      const exited = new Promise((r) => first.once('exit', r));
      const begun = Date.now();
      while (storedRun(dir) === null && Date.now() - begun < 10_000) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 400));
      first.kill('SIGKILL');
      await exited;
      // Named: `tpe resume` alone means the workspace's latest run, which may be the new one.
      const crashed = storedRun(dir)?.id as string;
      const exits = await Promise.all([runTpe(dir, ['resume', crashed, '--no-live', '--quiet']), runTpe(dir, ['run', 'other.yaml', '--no-live', '--quiet'])]);
      for (const e of exits) {
        expect(e.stderr).not.toMatch(STACK);
        expect(e.code).toBe(0);
      }
      expect(checkLedger(ledger, deps)).toEqual([]);
      expect(readFileSync(other, 'utf8').trim().split('\n').sort()).toEqual(Array.from({ length: 8 }, (_, i) => `O${i}`).sort());
      const db = new Database(join(dir, '.tpe', 'tpe.db'), { readonly: true });
      // Both runs ended, and released their leases.
      expect(db.prepare('SELECT status FROM runs ORDER BY key').pluck().all()).toEqual(['completed', 'completed']);
      expect(db.prepare('SELECT count(*) FROM leases WHERE pid IS NOT NULL').pluck().get()).toBe(0);
      db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
