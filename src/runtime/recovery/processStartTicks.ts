import { readFileSync } from 'node:fs';

/**
 * When a process started, in clock ticks since boot (field 22 of
 * /proc/<pid>/stat): with the pid, it names one process for good, so that
 * after a crash we kill our orphan and never a stranger that reused its id.
 * Undefined where /proc is not available.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count from its end.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isFinite(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}
