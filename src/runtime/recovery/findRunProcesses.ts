import { readdirSync, readFileSync } from 'node:fs';

/**
 * Processes whose environment says they belong to run `runId` (every ticket
 * command gets TPE_RUN_ID), with their process group and start time. This
 * finds what a dead engine started but had no time to record. Linux /proc;
 * elsewhere (or for other users' processes) nothing is found.
 */
export function findRunProcesses(runId: string): Array<{ pid: number; pgid: number; startTicks: number }> {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const needle = `\0TPE_RUN_ID=${runId}\0`;
  const found: Array<{ pid: number; pgid: number; startTicks: number }> = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      const environ = `\0${readFileSync(`/proc/${name}/environ`, 'latin1')}`;
      if (!environ.includes(needle)) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      found.push({ pid: Number(name), pgid: Number(fields[2]), startTicks: Number(fields[19]) });
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}
