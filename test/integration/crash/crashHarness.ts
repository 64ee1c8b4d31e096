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
import { bin, runTpe, STACK } from './tpeProcess.js';

export { bin } from './tpeProcess.js';

export interface CrashOutcome {
  seed: number;
  killedAfterMs: number;
  /** What happened when resuming: the run had not been recorded yet and was started again, or it was resumed. */
  path: 'resumed' | 'rerun';
  resumeExit: number | null;
  errors: string[];
  completed: number;
  /** With a racer: what the second `tpe resume` did (`refused`: another engine owned the run). */
  racer?: 'refused' | 'handed-over' | 'too-late' | 'resumed';
}

export interface CrashOptions {
  /** Start a second `tpe resume` up to this many ms after the first (at random): one of them must be refused. */
  racerWithinMs?: number;
}

export async function crashAndResume(seed: number, tickets = 200, options: CrashOptions = {}): Promise<CrashOutcome> {
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
  const errors: string[] = [];
  // A second resume racing the first (only for a recorded run: two `tpe run` are two runs).
  const racing = hasRun && options.racerWithinMs !== undefined ? runTpe(dir, args, Math.floor(rand() * options.racerWithinMs)) : undefined;
  const resumed = await runTpe(dir, args);
  let racer: CrashOutcome['racer'];
  if (racing) {
    const r = await racing;
    if (STACK.test(r.stderr)) errors.push(`the racing resume printed a stack: ${r.stderr.slice(-1000)}`);
    racer = /is owned by process/.test(r.stderr) ? 'refused' : /it runs in process/.test(r.stderr) ? 'handed-over' : /already completed/.test(r.stderr) ? 'too-late' : 'resumed';
    if (racer === 'refused' && r.code !== 2) errors.push(`the refused racing resume exited ${r.code}`);
    if (racer !== 'refused' && r.code !== 0) errors.push(`the racing resume exited ${r.code}: ${r.stderr.slice(-1000)}`);
    if (/is owned by process/.test(resumed.stderr)) racer = 'resumed'; // the racer won; the first was refused
  }
  const runs = JSON.parse(spawnSync(process.execPath, [bin, 'runs', '--json'], { cwd: dir, env, encoding: 'utf8' }).stdout || '[]') as Array<{ id: string }>;
  for (const run of runs) {
    const left = findRunProcesses(run.id);
    if (left.length > 0) errors.push(`processes of ${run.id} still alive after the resumed run ended: ${left.map((p) => p.pid).join(', ')}`);
  }
  if (resumed.code !== 0 && !(racer === 'resumed' && resumed.code === 2)) errors.push(`${args[0]} exited ${resumed.code}: ${resumed.stderr.slice(-2000)}`);
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
  return { seed, killedAfterMs, path: hasRun ? 'resumed' : 'rerun', resumeExit: resumed.code, errors: errors.slice(0, 10), completed: position.size, ...(racer ? { racer } : {}) };
}
