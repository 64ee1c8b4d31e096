import { readdirSync, readFileSync } from 'node:fs';

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
    let stat: string;
    try {
      stat = readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) !== pgid) continue;
    members.push({ pid: Number(name), startTicks: Number(fields[19]), zombie: fields[0] === 'Z' });
  }
  return members;
}
