/**
 * Kills `tpe run` with SIGKILL, then starts several `tpe resume` of the run at
 * once (or one after another at random moments), and checks what a user is
 * promised: exactly one of them continues the run, the others say who owns it
 * (exit 2, one line, no stack), and every ticket's work ran to its end exactly
 * once. Shared by the test and `npm run soak:crash` (bench/soak-crash.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { findRunProcesses } from '../../../src/runtime/recovery/findRunProcesses.js';
import { mulberry32 } from '../../../bench/dag.mjs';
import { bin, runTpe, STACK, type Exited } from './tpeProcess.js';

export { runTpe, STACK };

export interface RaceOptions {
  seed: number;
  /** How many `tpe resume` race. @default 2 */
  resumers?: number;
  /** Start each resumer this many ms after the first, at random up to it (0: all at once). @default 0 */
  spreadMs?: number;
  tickets?: number;
  /** Stop the first engine with SIGSTOP instead of killing it; a resume must leave it alone. */
  stopInsteadOfKill?: boolean;
}

export interface RaceOutcome {
  seed: number;
  killedAfterMs: number;
  errors: string[];
  /** Resumers that continued the run (the store's `resumed` events). */
  resumedBy: number;
  /** Resumers refused because another engine owned the run. */
  refused: number;
  /** Resumers that found the winner's socket and passed the resume to it (a no-op: it runs). */
  handedOver: number;
  /** Resumers that started after the winner had finished the run (a loaded machine): nothing to do. */
  late: number;
  exits: Exited[];
}

export function raceWorkspace(seed: number, tickets: number, name = 'race'): { dir: string; ledger: string; deps: number[][] } {
  const rand = mulberry32(seed);
  const dir = mkdtempSync(join(tmpdir(), 'tpe-race-'));
  const ledger = join(dir, 'ledger.txt');
  const deps: number[][] = [];
  const lines = [`name: ${name}`, 'agents: { shell: { count: 4 } }', 'defaults: { kill_grace: 200ms }', 'tickets:'];
  for (let i = 0; i < tickets; i++) {
    const d = new Set<number>();
    if (i > 0 && rand() < 0.5) d.add(Math.floor(rand() * i));
    deps.push([...d]);
    lines.push(
      `  - id: T${i}`,
      `    depends_on: [${[...d].map((x) => `T${x}`).join(', ')}]`,
      `    run: 'sleep ${(0.1 + rand() * 0.15).toFixed(3)}; printf "%s %s\\n" "$TICKET_ID" "$TICKET_ATTEMPT" >> "$LEDGER"'`,
      `    env: { LEDGER: ${JSON.stringify(ledger)} }`,
    );
  }
  writeFileSync(join(dir, 'plan.yaml'), `${lines.join('\n')}\n`);
  return { dir, ledger, deps };
}

/** The first run of the workspace's store and how often it was resumed (null when none was recorded). */
export function storedRun(dir: string): { id: string; resumed: number } | null {
  const file = join(dir, '.tpe', 'tpe.db');
  if (!existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // The file exists (empty, with its mode) a moment before its tables do.
    const hasRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'runs'").get() !== undefined;
    const run = hasRuns ? (db.prepare('SELECT id FROM runs ORDER BY key LIMIT 1').get() as { id: string } | undefined) : undefined;
    if (!run) return null;
    const resumed = db.prepare("SELECT count(*) FROM run_events WHERE run_id = ? AND kind = 'resumed'").pluck().get(run.id) as number;
    return { id: run.id, resumed };
  } finally {
    db.close();
  }
}

/** Each ticket's work ended exactly once, never before its dependencies: the errors found. */
export function checkLedger(ledger: string, deps: number[][]): string[] {
  const errors: string[] = [];
  const lines = existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean) : [];
  const position = new Map<string, number>();
  lines.forEach((line, at) => {
    const id = line.split(' ')[0] as string;
    if (position.has(id)) errors.push(`${id} ran twice (${lines[position.get(id)!]} and ${line})`);
    else position.set(id, at);
  });
  deps.forEach((ds, i) => {
    const at = position.get(`T${i}`);
    if (at === undefined) errors.push(`T${i} never ran`);
    else for (const d of ds) if ((position.get(`T${d}`) ?? Infinity) > at) errors.push(`T${i} ran before its dependency T${d}`);
  });
  return errors;
}

export async function raceResumes(options: RaceOptions): Promise<RaceOutcome> {
  const { seed, resumers = 2, spreadMs = 0, tickets = 24 } = options;
  const rand = mulberry32(seed * 7919 + 1);
  const { dir, ledger, deps } = raceWorkspace(seed, tickets);
  const errors: string[] = [];
  const first = spawn(process.execPath, [bin, 'run', 'plan.yaml', '--no-live', '--quiet'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore' });
  const firstExit = new Promise<number | null>((r) => first.once('exit', (code) => r(code)));
  const begun = Date.now();
  while (storedRun(dir) === null && Date.now() - begun < 10_000) await new Promise((r) => setTimeout(r, 5));
  // The run lasts about 1.5 s once recorded: stop it somewhere in its first half.
  const killedAfterMs = Math.floor(100 + rand() * 600);
  await new Promise((r) => setTimeout(r, killedAfterMs));
  first.kill(options.stopInsteadOfKill ? 'SIGSTOP' : 'SIGKILL');
  if (!options.stopInsteadOfKill) await firstExit;

  const exits = await Promise.all(Array.from({ length: resumers }, (_, k) => runTpe(dir, ['resume', '--no-live', '--quiet'], k === 0 ? 0 : Math.floor(rand() * spreadMs))));
  if (options.stopInsteadOfKill) {
    // Nobody may have taken the run from the stopped engine: woken, it finishes the run itself.
    first.kill('SIGCONT');
    const code = await firstExit;
    if (code !== 0) errors.push(`the stopped engine, woken, exited ${code}`);
  }
  const run = storedRun(dir);
  const resumedBy = run?.resumed ?? 0;
  let refused = 0;
  let handedOver = 0;
  let late = 0;
  for (const e of exits) {
    if (/already completed: nothing to resume/.test(e.stderr)) late++;
    if (/resumed \(it runs in process \d+\)/.test(e.stderr)) handedOver++;
    if (STACK.test(e.stderr)) errors.push(`${e.args.join(' ')} printed a stack or internal error: ${e.stderr.slice(-600)}`);
    if (/is owned by process \d+ on /.test(e.stderr)) {
      refused++;
      if (e.code !== 2) errors.push(`a refused resume exited ${e.code}, not 2`);
      if (e.stderr.trim().split('\n').length !== 1) errors.push(`a refused resume said more than one line: ${e.stderr}`);
    } else if (e.code !== 0) errors.push(`${e.args.join(' ')} exited ${e.code}: ${e.stderr.slice(-600)}`);
  }
  const expected = options.stopInsteadOfKill ? 0 : 1;
  if (resumedBy !== expected) errors.push(`${resumedBy} resumes continued the run (expected ${expected})`);
  errors.push(...checkLedger(ledger, deps));
  if (run) {
    const left = findRunProcesses(run.id);
    if (left.length > 0) errors.push(`processes of ${run.id} still alive: ${left.map((p) => p.pid).join(', ')}`);
  }
  rmSync(dir, { recursive: true, force: true });
  return { seed, killedAfterMs, errors: errors.slice(0, 10), resumedBy, refused, handedOver, late, exits };
}
