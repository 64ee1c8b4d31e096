/**
 * Process-group signalling. A process executor's child is spawned with `detached: true`,
 * so it leads a new session and process group whose id is its pid; signalling `-pid`
 * reaches every process in it, including grandchildren the command forked.
 */

import { loadedPosixSpawn } from './spawn/loadPosixSpawn.js';

/** How often the grace period checks whether the group is already gone. */
const POLL_MS = 25;

/**
 * Sends `signal` to every process of group `pgid`. Returns false when the group no longer
 * exists (ESRCH); other errors (EPERM: not ours) are treated the same way, since there is
 * nothing more we may do to that group.
 */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True while any process of the group exists. Zombies count: a group whose last members
 * wait to be reaped by an init that does not reap stays "alive" until the grace period
 * ends, which only costs that wait (SIGKILL to a zombie is harmless). Asked through libc
 * when the posix spawner is already loaded (it is, once a process ticket has started):
 * Node's `process.kill` throws for the usual answer.
 */
export function isGroupAlive(pgid: number): boolean {
  return loadedPosixSpawn()?.groupExists(pgid) ?? signalGroup(pgid, 0);
}

/**
 * SIGTERM to the whole group, then SIGKILL to whatever is left after `graceMs`. Resolves
 * once the group is gone or the SIGKILL is sent (it cannot be ignored, so nothing is left
 * to wait for). Nothing is reported: the caller learns the leader's fate from its `exit`
 * event, and the other members have no one to report to.
 *
 * The group id is the leader's pid. Once the leader is reaped and every member has exited,
 * that id could in principle be reused, but only by a new group leader with the same pid;
 * the liveness checks before SIGKILL keep that window to one poll interval.
 */
export function terminateGroup(pgid: number, graceMs: number): Promise<void> {
  if (!signalGroup(pgid, 'SIGTERM')) return Promise.resolve();
  const deadline = performance.now() + Math.max(0, graceMs);
  return new Promise((resolve) => {
    // There is no event for "the last member of a group exited": polling with kill(-pgid, 0)
    // is one syscall per tick and lets a well-behaved group end the wait early.
    const check = (): void => {
      if (!isGroupAlive(pgid)) return resolve();
      const left = deadline - performance.now();
      if (left <= 0) {
        signalGroup(pgid, 'SIGKILL');
        return resolve();
      }
      setTimeout(check, Math.min(POLL_MS, left));
    };
    setTimeout(check, Math.min(POLL_MS, Math.max(0, graceMs)));
  });
}
