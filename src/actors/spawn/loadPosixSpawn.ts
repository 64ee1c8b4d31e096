import { openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { isMainThread } from 'node:worker_threads';
import type * as KoffiModule from 'koffi';
import { decodeWaitStatus, type ChildExit } from './decodeWaitStatus.js';

/**
 * `posix_spawn(3)` from libc through the `koffi` FFI, for the process executor.
 *
 * Why not `child_process.spawn`: Node forks the whole engine (page tables of a
 * ~150 MB process) and sets up stdio per child, ~5 ms of main-thread time per
 * process here; 2,000 `true` tickets ran at 0.2× GNU make. glibc's `posix_spawn`
 * is `clone(CLONE_VM | CLONE_VFORK)` + `exec`: no copy, ~0.1 ms (FACTS.md,
 * "Spawning processes fast").
 *
 * What Node did for us and we must do ourselves:
 * - stdio: explicit file actions (Node opens every descriptor close-on-exec, so the
 *   child inherits only what is dup2'ed onto 0/1/2);
 * - signals: Node ignores SIGPIPE and SIGXFSZ and may block signals; the child gets an
 *   empty mask and the ignored signals reset to default;
 * - `detached: true`: `POSIX_SPAWN_SETSID`, a new session whose process group id is
 *   the child's pid (what `terminateGroup` signals);
 * - reaping: libuv reaps only the children it spawned, so `reapChildren` waits for
 *   ours by pid (never `waitpid(-1)`, which would steal libuv's).
 *
 * Only on Linux (glibc ≥ 2.29 or musl ≥ 1.1.24, for `addchdir_np` and `SETSID`) and on
 * the main thread (SIGCHLD is delivered to `process.on` there only). Elsewhere, or
 * with `TPE_SPAWN=node`, the executor keeps Node's spawn.
 */
export interface PosixSpawner {
  /**
   * Starts `file` (an absolute path: no PATH search here) and calls `done` with its pid or
   * the errno name. The call itself runs on a libuv pool thread: `posix_spawn` returns only
   * once the child has exec'ed, ~1–2 ms on a loaded machine, which would otherwise stop the
   * engine's thread for as long.
   */
  spawn(request: PosixSpawnRequest, done: (result: { pid: number } | { errno: string }) => void): void;
  /**
   * `waitpid(pid, WNOHANG)`: the exit status once the child has ended (and reaps it),
   * `undefined` while it runs; `null` when it is not (or no longer) our child to wait for.
   */
  reap(pid: number): ChildExit | undefined | null;
  /**
   * The pid of some child of this process that has ended and waits to be reaped (ours or
   * libuv's), without reaping it; 0 when there is none. One syscall, where asking each
   * running child in turn costs one per child.
   */
  peekExited(): number;
  /**
   * `kill(-pgid, 0) === 0`: some process of group `pgid` exists and may be signalled. The
   * same question as `process.kill(-pgid, 0)`, without the exception Node makes of the usual
   * answer after a ticket's process ends (ESRCH: ~20 µs of the engine's thread per ticket).
   */
  groupExists(pgid: number): boolean;
}

export interface PosixSpawnRequest {
  file: string;
  /** argv[0] included. */
  argv: readonly string[];
  /** `KEY=value` strings: the child's whole environment. */
  env: readonly string[];
  cwd: string;
  /** Descriptor for the child's stdin; `/dev/null` when absent. */
  stdinFd?: number;
  /** Descriptor that becomes the child's stdout and stderr. */
  outFd: number;
}

// Flag values are the same in glibc and musl (spawn.h).
const POSIX_SPAWN_SETSIGDEF = 0x04;
const POSIX_SPAWN_SETSIGMASK = 0x08;
const POSIX_SPAWN_SETSID = 0x80;
const WNOHANG = 1;
const WEXITED = 4;
const WNOWAIT = 0x01000000;
const P_ALL = 0;
/** Offset of `si_pid` in Linux's `siginfo_t` (after three ints and padding, on every 64-bit ABI). */
const SI_PID_OFFSET = 16;
/** Larger than glibc's and musl's `posix_spawnattr_t` (336 B), `posix_spawn_file_actions_t` (80 B), `sigset_t` (128 B). */
const OPAQUE_BYTES = 1024;
/** Spawns handed to the pool at once; more wait here. */
const MAX_IN_FLIGHT = 16;

const errnoNames = new Map<number, string>(Object.entries(constants.errno).map(([name, value]) => [value, name]));

type Koffi = typeof KoffiModule;

/** Bound on first use (koffi loaded with `require` then): runs without process agents never load it. */
let loaded: PosixSpawner | undefined | false;

/**
 * The signals to reset to their default in the child. `exec` already resets every signal
 * that has a handler; only ignored ones survive it, and Node ignores SIGPIPE and SIGXFSZ
 * (a child that inherited an ignored SIGPIPE would not die writing to a closed pipe). Each
 * reset is a syscall in every child, so not all 64.
 */
function ignoredSignals(): number[] {
  const found = new Set([constants.signals.SIGPIPE, constants.signals.SIGXFSZ]);
  try {
    const mask = /^SigIgn:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (mask !== undefined) {
      const bits = BigInt(`0x${mask}`);
      // Up to SIGSYS: above are the real-time signals, which libc keeps for itself in part.
      for (let signo = 1; signo <= 31; signo++) if ((bits >> BigInt(signo - 1)) & 1n) found.add(signo);
    }
  } catch {
    /* no /proc: the two Node ignores */
  }
  return [...found];
}

/** The spawner, loaded once; `undefined` where it cannot be used (see above). */
export function loadPosixSpawn(): PosixSpawner | undefined {
  if (loaded === undefined) loaded = bind() ?? false;
  return loaded === false ? undefined : loaded;
}

/** The spawner if something has loaded it already: asking does not load koffi. */
export function loadedPosixSpawn(): PosixSpawner | undefined {
  return loaded === undefined || loaded === false ? undefined : loaded;
}

function bind(): PosixSpawner | undefined {
  if (process.platform !== 'linux' || !isMainThread || process.env.TPE_SPAWN === 'node') return undefined;
  try {
    const koffi = createRequire(import.meta.url)('koffi') as Koffi;
    // The symbols of the running process: the libc Node is linked with (glibc or musl).
    const libc = koffi.load(null);
    const c = {
      spawn: libc.func('int posix_spawn(_Out_ int *pid, const char *path, void *actions, void *attr, const char **argv, const char **envp)'),
      actionsInit: libc.func('int posix_spawn_file_actions_init(void *actions)'),
      actionsDestroy: libc.func('int posix_spawn_file_actions_destroy(void *actions)'),
      addDup2: libc.func('int posix_spawn_file_actions_adddup2(void *actions, int fd, int newfd)'),
      addChdir: libc.func('int posix_spawn_file_actions_addchdir_np(void *actions, const char *path)'),
      attrInit: libc.func('int posix_spawnattr_init(void *attr)'),
      setFlags: libc.func('int posix_spawnattr_setflags(void *attr, short flags)'),
      setSigmask: libc.func('int posix_spawnattr_setsigmask(void *attr, void *set)'),
      setSigdefault: libc.func('int posix_spawnattr_setsigdefault(void *attr, void *set)'),
      sigemptyset: libc.func('int sigemptyset(void *set)'),
      sigaddset: libc.func('int sigaddset(void *set, int signo)'),
      waitpid: libc.func('int waitpid(int pid, _Out_ int *status, int options)'),
      waitid: libc.func('int waitid(int idtype, uint32_t id, void *info, int options)'),
      kill: libc.func('int kill(int pid, int sig)'),
    };
    // The attributes are the same for every child: built once, read by each posix_spawn.
    const attr = Buffer.alloc(OPAQUE_BYTES);
    const none = Buffer.alloc(OPAQUE_BYTES);
    const ignored = Buffer.alloc(OPAQUE_BYTES);
    const ok =
      c.attrInit(attr) === 0 &&
      c.sigemptyset(none) === 0 &&
      c.sigemptyset(ignored) === 0 &&
      ignoredSignals().every((signo) => c.sigaddset(ignored, signo) === 0) &&
      c.setSigmask(attr, none) === 0 &&
      c.setSigdefault(attr, ignored) === 0 &&
      c.setFlags(attr, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) === 0;
    if (!ok) return undefined;
    const statusOut = [0];
    // Opened once, close-on-exec like every descriptor of Node's: children get a dup2 of it.
    const devNull = openSync('/dev/null', 'r');
    const info = Buffer.alloc(128);
    const errnoName = (rc: number): { errno: string } => ({ errno: errnoNames.get(rc) ?? `errno ${rc}` });

    let inFlight = 0;
    const queued: Array<() => void> = [];
    const spareActions: Buffer[] = [];

    const spawn: PosixSpawner['spawn'] = (request, done) => {
      // koffi refuses more than 256 calls in flight, and libuv's pool has 4 threads anyway.
      if (inFlight >= MAX_IN_FLIGHT) {
        queued.push(() => spawn(request, done));
        return;
      }
      // One per call in flight (reused after): several spawns may run on pool threads at once.
      const actions = spareActions.pop() ?? Buffer.alloc(OPAQUE_BYTES);
      if (c.actionsInit(actions) !== 0) return done({ errno: 'ENOMEM' });
      const added =
        c.addDup2(actions, request.stdinFd ?? devNull, 0) ||
        c.addDup2(actions, request.outFd, 1) ||
        c.addDup2(actions, request.outFd, 2) ||
        c.addChdir(actions, request.cwd);
      if (added !== 0) {
        c.actionsDestroy(actions);
        spareActions.push(actions);
        return done(errnoName(added));
      }
      const pidOut = [0];
      const settle = (result: { pid: number } | { errno: string }): void => {
        inFlight -= 1;
        c.actionsDestroy(actions);
        spareActions.push(actions);
        done(result);
        queued.shift()?.();
      };
      inFlight += 1;
      try {
        // posix_spawn returns the error (exec failures included: glibc reports them from the
        // vfork'ed child and reaps it) rather than setting errno. koffi converts the strings
        // here, on this thread, before handing the call to the pool.
        c.spawn.async(pidOut, request.file, actions, attr, [...request.argv, null], [...request.env, null], (err: unknown, rc: number) => {
          if (err !== null && err !== undefined) settle({ errno: 'EAGAIN' });
          else settle(rc === 0 ? { pid: pidOut[0] ?? 0 } : errnoName(rc));
        });
      } catch {
        // koffi's own limit on calls in flight (shared with any other user of koffi here):
        // a transient failure, which the executor reports as retryable.
        settle({ errno: 'EAGAIN' });
      }
    };

    return {
      spawn,
      groupExists: (pgid) => pgid > 0 && c.kill(-pgid, 0) === 0,
      peekExited() {
        info.fill(0);
        if (c.waitid(P_ALL, 0, info, WEXITED | WNOHANG | WNOWAIT) !== 0) return 0;
        return info.readInt32LE(SI_PID_OFFSET);
      },
      reap(pid) {
        const rc = c.waitpid(pid, statusOut, WNOHANG);
        if (rc === 0) return undefined;
        // EINTR: ask again at the next SIGCHLD or poll; ECHILD: someone else reaped it.
        if (rc < 0) return koffi.errno() === constants.errno.EINTR ? undefined : null;
        return decodeWaitStatus(statusOut[0] ?? 0);
      },
    };
  } catch {
    // No koffi build for this platform, or a libc without addchdir_np or SETSID.
    return undefined;
  }
}
