import { readProcStat } from './readProcStat.js';

/** Whether a process recorded as (pid, start time) still exists on this machine. */
export type Liveness = 'alive' | 'dead';

/**
 * Asks the kernel whether the process recorded as `pid` (started at `startTicks`,
 * when known) still runs. Dead means provably dead: no such process, a zombie
 * (killed, its parent has not reaped it yet), or a process that reused the id
 * (it started at another time). A stopped process (SIGSTOP) is alive: it may
 * wake up and carry on, so nothing it owns may be taken from it.
 */
export function processLiveness(pid: number, startTicks: number | undefined): Liveness {
  if (!Number.isInteger(pid) || pid <= 0) return 'dead';
  const stat = readProcStat(pid);
  if (stat !== undefined) {
    if (stat.state === 'Z' || stat.state === 'X') return 'dead';
    if (startTicks !== undefined && Number.isFinite(stat.startTicks) && stat.startTicks !== startTicks) return 'dead';
    return 'alive';
  }
  // No /proc entry: either no /proc here (ask the kernel) or no such process.
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (err) {
    // EPERM: it exists and belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
  }
}
