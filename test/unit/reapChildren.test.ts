/**
 * The reaper of posix_spawn'ed children, against a fake kernel: which pids have ended
 * (`peekExited`) and their statuses (`reap`), with SIGCHLD sent by hand.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChildExit } from '../../src/actors/spawn/decodeWaitStatus.js';
import { createChildReaper } from '../../src/actors/spawn/reapChildren.js';

/** Children that have ended and wait to be reaped, by pid. */
function fakeKernel() {
  const zombies = new Map<number, ChildExit>();
  const reaped: number[] = [];
  return {
    zombies,
    reaped,
    spawner: {
      peekExited: () => zombies.keys().next().value ?? 0,
      reap(pid: number): ChildExit | undefined | null {
        const exit = zombies.get(pid);
        if (exit === undefined) return undefined;
        zombies.delete(pid);
        reaped.push(pid);
        return exit;
      },
    },
  };
}

const ticks = async (n = 3) => {
  for (let i = 0; i < n; i++) await Promise.resolve();
};

describe('createChildReaper', () => {
  // Each reaper adds its own SIGCHLD listener: take back only those.
  let before: NodeJS.SignalsListener[] = [];
  beforeEach(() => {
    before = process.listeners('SIGCHLD') as NodeJS.SignalsListener[];
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const listener of process.listeners('SIGCHLD') as NodeJS.SignalsListener[]) if (!before.includes(listener)) process.off('SIGCHLD', listener);
  });

  it('reports a child that ended before it was watched, without waiting for the poll', async () => {
    vi.useFakeTimers();
    const kernel = fakeKernel();
    const reaper = createChildReaper(kernel.spawner);
    // The child's SIGCHLD came (and found nobody waiting) before its pid was known.
    kernel.zombies.set(101, { exitCode: 0, signal: null });
    process.emit('SIGCHLD', 'SIGCHLD');
    const onExit = vi.fn();
    reaper.watch(101, onExit);
    expect(onExit).not.toHaveBeenCalled(); // never before the caller hears of the start
    await ticks();
    expect(onExit).toHaveBeenCalledWith({ exitCode: 0, signal: null });
    vi.advanceTimersByTime(1_000);
    expect(onExit).toHaveBeenCalledTimes(1);
  });

  it('reaps on SIGCHLD the children the kernel names, once each, and leaves others alone', async () => {
    vi.useFakeTimers();
    const kernel = fakeKernel();
    const reaper = createChildReaper(kernel.spawner);
    const first = vi.fn();
    const second = vi.fn();
    reaper.watch(201, first);
    reaper.watch(202, second);
    await ticks();
    expect(first).not.toHaveBeenCalled();
    kernel.zombies.set(202, { exitCode: 3, signal: null });
    process.emit('SIGCHLD', 'SIGCHLD');
    expect(second).toHaveBeenCalledWith({ exitCode: 3, signal: null });
    expect(first).not.toHaveBeenCalled();
    // Not ours (libuv's child): it stays for its owner; ours behind it are found by asking each.
    kernel.zombies.set(999, { exitCode: 0, signal: null });
    kernel.zombies.set(201, { exitCode: null, signal: 'SIGTERM' });
    process.emit('SIGCHLD', 'SIGCHLD');
    expect(first).toHaveBeenCalledWith({ exitCode: null, signal: 'SIGTERM' });
    expect(kernel.reaped).toEqual([202, 201]);
    expect(kernel.zombies.has(999)).toBe(true);
  });

  it('polls when a SIGCHLD is lost', async () => {
    vi.useFakeTimers();
    const kernel = fakeKernel();
    const reaper = createChildReaper(kernel.spawner);
    const onExit = vi.fn();
    reaper.watch(301, onExit);
    await ticks();
    kernel.zombies.set(301, { exitCode: 1, signal: null });
    vi.advanceTimersByTime(250);
    expect(onExit).toHaveBeenCalledWith({ exitCode: 1, signal: null });
  });
});
