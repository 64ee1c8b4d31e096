import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProcessJob, WorkerJob, WorkerTicketInfo } from '../../../src/actors/types.js';

/** Absolute path of a file in test/fixtures/executors. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/executors/${name}`, import.meta.url));
}

/** A fresh temporary directory and its cleanup. */
export function makeTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'tpe-executors-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export const ticket: WorkerTicketInfo = { id: 'SYS-015', title: 'Migrate schema', attempt: 1, runId: 'exec_test', priority: 'high' };

/** A process job with test defaults; `dir` holds its log file. */
export function processJob(dir: string, overrides: Partial<ProcessJob> & Pick<ProcessJob, 'command'>): ProcessJob {
  return {
    kind: 'process',
    cwd: dir,
    env: { TPE_RUN_ID: 'exec_test', TICKET_ID: 'SYS-015', TICKET_ATTEMPT: '1' },
    logFile: join(dir, 'logs', 'SYS-015.log'),
    timeoutMs: 20_000,
    killGraceMs: 2_000,
    noRetryExitCodes: [78],
    ...overrides,
  };
}

/** A worker job for a fixture module with test defaults. */
export function workerJob(module: string, overrides: Partial<WorkerJob> = {}): WorkerJob {
  return { kind: 'worker', module: fixture(module), input: {}, ticket, timeoutMs: 20_000, poolSize: 1, ...overrides };
}

/**
 * True while the process exists and is not a zombie. An orphan killed here is reparented to
 * PID 1, which may take a while to reap it (or never, in some containers): a zombie has
 * already died, which is all these tests want to know.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // Field 3 of /proc/<pid>/stat, after the parenthesised command name, is the state.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/**
 * Polls `condition` until it holds or `timeoutMs` passes. For facts no event announces
 * (a process in another group has died, a file appeared); polls every 20 ms.
 */
export async function waitFor(condition: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The pid a fixture script wrote to its PID_FILE. */
export function readPid(file: string): number {
  return Number(readFileSync(file, 'utf8').trim());
}

/** A context whose signal never fires. */
export function quietContext(): { signal: AbortSignal } {
  return { signal: new AbortController().signal };
}
