import { readFileSync } from 'node:fs';

/** What /proc/<pid>/stat says of a process that recovery needs. */
export interface ProcStat {
  /** R, S, D, T (stopped), Z (zombie), X (dead)… */
  state: string;
  pgid: number;
  /** Start time in clock ticks since boot (field 22): with the pid, it names one process for good. */
  startTicks: number;
}

/** The process's /proc stat line, or undefined where there is no such process (or no /proc). */
export function readProcStat(pid: number | string): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count from its end.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', pgid: Number(fields[2]), startTicks: Number(fields[19]) };
}
