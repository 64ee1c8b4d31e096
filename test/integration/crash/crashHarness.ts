/**
 * Kills `tpe run` with SIGKILL at a random moment, resumes it, and checks
 * the ledger each ticket's command appends to: every ticket exactly once, and
 * never before its dependencies. Shared by the test (20 iterations) and the
 * soak script (bench/soak-crash.ts, as many as you like).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRunProcesses } from '../../../src/runtime/recovery/findRunProcesses.js';
import { mulberry32 } from '../../../bench/dag.mjs';

export const bin = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

export interface CrashOutcome {
  seed: number;
  killedAfterMs: number;
  /** What happened when resuming: the run had not been recorded yet and was started again, or it was resumed. */
  path: 'resumed' | 'rerun';
  resumeExit: number | null;
  errors: string[];
  completed: number;
}

export async function crashAndResume(seed: number, tickets = 200): Promise<CrashOutcome> {
  const rand = mulberry32(seed);
  const dir = mkdtempSync(join(tmpdir(), 'tpe-crash-'));
  const ledger = join(dir, 'ledger.txt');
  const deps: number[][] = [];
  const lines = ['name: crash', 'agents: { shell: { count: 8 } }', 'defaults: { kill_grace: 200ms }', 'tickets:'];
  for (let i = 0; i < tickets; i++) {
    const d = new Set<number>();
    const k = i === 0 ? 0 : Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) d.add(Math.max(0, i - 1 - Math.floor(rand() * 20)));
    deps.push([...d]);
    const sleep = (rand() * 0.03).toFixed(3);
    lines.push(
      `  - id: T${i}`,
      `    depends_on: [${[...d].map((x) => `T${x}`).join(', ')}]`,
      `    run: 'sleep ${sleep}; printf "%s\\n" "$TICKET_ID" >> "$LEDGER"'`,
      `    env: { LEDGER: ${JSON.stringify(ledger)} }`,
    );
  }
  writeFileSync(join(dir, 'plan.yaml'), `${lines.join('\n')}\n`);
  const env = { ...process.env, NO_COLOR: '1' };
  // The run lasts about a second once recorded: kill it at a random moment of that second
  // (the store file appears when the run is recorded, before any ticket starts).
  const killedAfterMs = Math.floor(rand() * 1000);
  const child = spawn(process.execPath, [bin, 'run', 'plan.yaml', '--no-live', '--quiet'], { cwd: dir, env, stdio: 'ignore' });
  const exited = new Promise((r) => child.once('exit', r));
  const started = Date.now();
  while (!existsSync(join(dir, '.tpe', 'tpe.db')) && Date.now() - started < 10_000) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => setTimeout(r, killedAfterMs));
  child.kill('SIGKILL');
  await exited;

  const hasRun = existsSync(join(dir, '.tpe', 'tpe.db')) && spawnSync(process.execPath, [bin, 'runs', '--json'], { cwd: dir, env, encoding: 'utf8' }).stdout.includes('exec_');
  const args = hasRun ? ['resume', '--no-live', '--quiet'] : ['run', 'plan.yaml', '--no-live', '--quiet'];
  const resumed = spawnSync(process.execPath, [bin, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });

  const errors: string[] = [];
  const runs = JSON.parse(spawnSync(process.execPath, [bin, 'runs', '--json'], { cwd: dir, env, encoding: 'utf8' }).stdout || '[]') as Array<{ id: string }>;
  for (const run of runs) {
    const left = findRunProcesses(run.id);
    if (left.length > 0) errors.push(`processes of ${run.id} still alive after the resumed run ended: ${left.map((p) => p.pid).join(', ')}`);
  }
  if (resumed.status !== 0) errors.push(`${args[0]} exited ${resumed.status}: ${resumed.stderr.slice(-2000)}`);
  const done = existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean) : [];
  const position = new Map<string, number>();
  done.forEach((id, at) => {
    if (position.has(id)) errors.push(`${id} completed twice (lines ${position.get(id)! + 1} and ${at + 1})`);
    else position.set(id, at);
  });
  for (let i = 0; i < tickets; i++) {
    const at = position.get(`T${i}`);
    if (at === undefined) {
      errors.push(`T${i} never completed`);
      continue;
    }
    for (const d of deps[i] ?? []) {
      const dAt = position.get(`T${d}`);
      if (dAt === undefined || dAt > at) errors.push(`T${i} completed before its dependency T${d}`);
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return { seed, killedAfterMs, path: hasRun ? 'resumed' : 'rerun', resumeExit: resumed.status, errors: errors.slice(0, 10), completed: position.size };
}
