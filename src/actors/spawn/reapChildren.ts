import type { ChildExit } from './decodeWaitStatus.js';
import type { PosixSpawner } from './loadPosixSpawn.js';

/**
 * A safety net under SIGCHLD, which is enough on its own once a child is watched: signals
 * of one kind coalesce, but every sweep reaps all the children that have ended, and one
 * that comes while a sweep runs is not lost (libuv queues it). A child that ends before it
 * is watched (its pid comes back from the pool a tick after the exec) is asked for once
 * when it is watched. The poll bounds the delay should anything else go wrong, at one
 * `waitpid` per running child (64 long builds: 320 a second). While children are
 * outstanding its timer also keeps the event loop alive, as Node's child handles did.
 */
const POLL_MS = 200;

/**
 * Waits for children started by `posix_spawn`: one SIGCHLD listener for the process, which
 * reaps the children the kernel reports ended (`waitid(WNOWAIT)`, then `waitpid(pid)`), and
 * a poll that asks each running child (`waitpid(pid, WNOHANG)`). Only our own pids are
 * reaped, so children of libuv (`child_process`) are left to it.
 */
export interface ChildReaper {
  /** Calls `onExit` once, when `pid` has ended (it is reaped then). */
  watch(pid: number, onExit: (exit: ChildExit) => void): void;
}

export function createChildReaper(spawner: Pick<PosixSpawner, 'reap' | 'peekExited'>): ChildReaper {
  const waiting = new Map<number, (exit: ChildExit) => void>();
  let timer: NodeJS.Timeout | undefined;

  const reap = (pid: number, onExit: (exit: ChildExit) => void): boolean => {
    const exit = spawner.reap(pid);
    if (exit === undefined) return false;
    waiting.delete(pid);
    // `null`: not our child any more (another waitpid took it): the status is lost.
    onExit(exit ?? { exitCode: null, signal: null });
    return true;
  };
  /** Asks every running child: one syscall each. */
  const sweepAll = (): void => {
    for (const [pid, onExit] of waiting) reap(pid, onExit);
    idle();
  };
  /**
   * On SIGCHLD: reap the ended children one by one as the kernel names them. A zombie that
   * is not ours (libuv's, about to be reaped by it) hides the ones behind it: ask everyone.
   */
  const sweepExited = (): void => {
    for (;;) {
      const pid = spawner.peekExited();
      if (pid <= 0) break;
      const onExit = waiting.get(pid);
      if (onExit === undefined || !reap(pid, onExit)) return sweepAll();
    }
    idle();
  };
  const idle = (): void => {
    if (waiting.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
  // Installed before the first child exists (a SIGCHLD with no handler is dropped), and
  // kept: Node's signal handles do not keep the process alive, and adding and removing one
  // per child would cost more than the sweeps it saves.
  process.on('SIGCHLD', sweepExited);

  return {
    watch(pid, onExit) {
      waiting.set(pid, onExit);
      timer ??= setInterval(sweepAll, POLL_MS);
      // A short child may have ended before it was watched: its one SIGCHLD found nobody
      // waiting for it then. Ask once, after the caller has reported the start.
      queueMicrotask(() => {
        if (waiting.get(pid) === onExit && reap(pid, onExit)) idle();
      });
    },
  };
}
