/**
 * After an engine died, the processes it started may still run: each in its
 * own process group (so they did not die with it). Before any ticket runs
 * again they are killed, so that no attempt runs twice at the same time.
 *
 * A process id can be reused: a group is killed only when its members are
 * ours, i.e. started no earlier than the process we recorded (start times
 * from /proc; without /proc the group is killed on the pid alone).
 */
import { terminateGroup } from '../../actors/terminateGroup.js';
import { groupMembers } from './groupMembers.js';

export interface OrphanCandidate {
  pid: number;
  startTicks: number | undefined;
}

export interface OrphanReport {
  /** Groups that were alive and killed. */
  killed: number[];
  /** Groups whose id now belongs to processes that are not ours. */
  skipped: number[];
}

export async function killOrphans(candidates: readonly OrphanCandidate[], graceMs: number): Promise<OrphanReport> {
  const report: OrphanReport = { killed: [], skipped: [] };
  const seen = new Set<number>();
  const kills: Array<Promise<void>> = [];
  for (const c of candidates) {
    if (seen.has(c.pid)) continue;
    seen.add(c.pid);
    const members = groupMembers(c.pid).filter((m) => !m.zombie);
    if (members.length === 0) continue; // gone (or only zombies left to a non-reaping init)
    const ours = c.startTicks === undefined || members.every((m) => m.startTicks >= (c.startTicks as number));
    if (!ours) {
      report.skipped.push(c.pid);
      continue;
    }
    report.killed.push(c.pid);
    kills.push(terminateGroup(c.pid, graceMs));
  }
  await Promise.all(kills);
  return report;
}
