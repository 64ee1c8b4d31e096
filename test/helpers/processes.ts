import { readFileSync } from 'node:fs';

/**
 * Whether a process is alive. A zombie (exited, not yet reaped by a PID 1
 * that does not reap, as in this container) counts as dead.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

/** Polls `cond` until it holds or `ms` pass; resolves with its last value. */
export async function waitFor(cond: () => boolean, ms = 5000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return cond();
}
