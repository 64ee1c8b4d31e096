import { readdirSync } from 'node:fs';
import { readProcStat } from './readProcStat.js';

export interface GroupMember {
  pid: number;
  /** Start time in clock ticks since boot. */
  startTicks: number;
  zombie: boolean;
}

/**
 * The processes of group `pgid` as /proc lists them (empty where /proc is not
 * available). Used after a crash, when the group's leader may be gone but its
 * children are not.
 */
export function groupMembers(pgid: number): GroupMember[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const members: GroupMember[] = [];
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readProcStat(name);
    if (stat === undefined || stat.pgid !== pgid) continue; // exited meanwhile, or another group's
    members.push({ pid: Number(name), startTicks: stat.startTicks, zombie: stat.state === 'Z' });
  }
  return members;
}
