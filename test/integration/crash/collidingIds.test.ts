import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bin } from './crashHarness.js';
import { runTpe, STACK, storedRun } from './raceHarness.js';

// `a/b`, `a_b` and `a:b` once shared one log and one exit file (a lossy `_` for every odd
// character): after a crash, a/b, killed half way, was adopted as completed from a_b's exit.
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpe-ids-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** a/b's first attempt sleeps `slowSeconds`; later attempts and the other two tickets do not. */
function writePlan(slowSeconds: number): string {
  const ledger = join(dir, 'ledger.txt');
  const ticket = (id: string, sleep: number) => [
    `  - id: ${JSON.stringify(id)}`,
    `    run: 'echo "output of $TICKET_ID"; touch "$MARKS/$TICKET_ATTEMPT-$(printf %s "$TICKET_ID" | od -An -tx1 | tr -d " \\n")"; [ "$TICKET_ATTEMPT" -gt 1 ] || sleep ${sleep}; printf "%s %s\\n" "$TICKET_ID" "$TICKET_ATTEMPT" >> "$LEDGER"'`,
    `    env: { LEDGER: ${JSON.stringify(ledger)}, MARKS: ${JSON.stringify(dir)} }`,
  ];
  writeFileSync(
    join(dir, 'plan.yaml'),
    ['name: colliding', 'agents: { shell: { count: 3 } }', 'defaults: { kill_grace: 200ms }', 'tickets:', ...ticket('a/b', slowSeconds), ...ticket('a_b', 0), ...ticket('a:b', 0), ''].join('\n'),
  );
  return ledger;
}

const ledgerLines = (ledger: string) => (existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean).sort() : []);

describe('ticket ids that map to one name under a lossy scheme', () => {
  it('get a log each, with their own output only', async () => {
    const ledger = writePlan(0);
    const run = await runTpe(dir, ['run', 'plan.yaml', '--no-live', '--quiet']);
    expect(run.code).toBe(0);
    expect(ledgerLines(ledger)).toEqual(['a/b 1', 'a:b 1', 'a_b 1']);
    const runId = storedRun(dir)?.id as string;
    const logs = join(dir, '.tpe', 'runs', runId, 'logs');
    expect(readdirSync(logs).sort()).toEqual(['a%2Fb.1.log', 'a%3Ab.1.log', 'a_b.1.log']);
    for (const [file, id] of [['a%2Fb.1.log', 'a/b'], ['a%3Ab.1.log', 'a:b'], ['a_b.1.log', 'a_b']] as const) {
      const output = readFileSync(join(logs, file), 'utf8').split('\n').filter((l) => l.startsWith('output of'));
      expect(output).toEqual([`output of ${id}`]);
    }
  }, 30_000);

  it('after a crash, a ticket killed half way runs again: its neighbours exits are not taken for its own', async () => {
    const ledger = writePlan(30);
    const first = spawn(process.execPath, [bin, 'run', 'plan.yaml', '--no-live', '--quiet'], { cwd: dir, stdio: 'ignore' });
    const exited = new Promise((r) => first.once('exit', r));
    const hex = (id: string) => Buffer.from(id).toString('hex');
    const begun = Date.now();
    // a/b has started (and sleeps); the other two have finished and left their exit files.
    while (Date.now() - begun < 15_000) {
      const runId = storedRun(dir)?.id;
      const exits = runId && existsSync(join(dir, '.tpe', 'runs', runId, 'attempts')) ? readdirSync(join(dir, '.tpe', 'runs', runId, 'attempts')) : [];
      if (existsSync(join(dir, `1-${hex('a/b')}`)) && exits.length === 2) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(ledgerLines(ledger)).toEqual(['a:b 1', 'a_b 1']);
    first.kill('SIGKILL');
    await exited;
    const resumed = await runTpe(dir, ['resume', '--no-live']);
    expect(resumed.stderr).not.toMatch(STACK);
    expect(resumed.code).toBe(0);
    // (Only a first attempt sleeps: the second of a/b ends at once.)
    // a_b and a:b are adopted or were journaled completed already, depending on the moment of the kill.
    expect(resumed.stderr).toMatch(/[0-2] finished attempt\(s\) adopted, 1 attempt\(s\) to run again/);
    expect(ledgerLines(ledger)).toEqual(['a/b 2', 'a:b 1', 'a_b 1']);
  }, 90_000);
});
