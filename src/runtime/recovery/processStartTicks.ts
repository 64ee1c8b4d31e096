import { readProcStat } from './readProcStat.js';

/**
 * When a process started, in clock ticks since boot (field 22 of
 * /proc/<pid>/stat): with the pid, it names one process for good, so that
 * after a crash we kill our orphan and never a stranger that reused its id.
 * Undefined where /proc is not available.
 */
export function processStartTicks(pid: number): number | undefined {
  const ticks = readProcStat(pid)?.startTicks;
  return ticks !== undefined && Number.isFinite(ticks) ? ticks : undefined;
}
