import { spawn } from 'node:child_process';
import { isAbsolute, join } from 'node:path';
import type { ChildExit } from './decodeWaitStatus.js';
import { environmentStrings } from './environmentStrings.js';
import { loadPosixSpawn, type PosixSpawner } from './loadPosixSpawn.js';
import { lookUpExecutable } from './lookUpExecutable.js';
import { createChildReaper, type ChildReaper } from './reapChildren.js';

/** `auto`: `posix_spawn` where `loadPosixSpawn` can load it, else Node's; `child_process`: Node's. */
export type SpawnMethod = 'auto' | 'child_process';

/** One child process of the process executor: always a new session and process group. */
export interface ChildRequest {
  /** The program: a path, or a bare name looked up in the child's PATH. */
  file: string;
  args: readonly string[];
  /** The engine's environment (a snapshot: reading `process.env` costs per variable). */
  baseEnv: Readonly<Record<string, string | undefined>>;
  /** Added over `baseEnv`: the attempt's variables. */
  env: Readonly<Record<string, string>>;
  cwd: string;
  /** Becomes the child's stdin; `/dev/null` when absent. */
  stdinFd?: number;
  /** Becomes the child's stdout and stderr. */
  outFd: number;
  method?: SpawnMethod;
}

export interface ChildHandlers {
  /** Once, when the child exists (on this tick or a later one); before `exit`. */
  started(pid: number): void;
  /** Once, after `started`, when the child has ended. */
  exit(exit: ChildExit): void;
  /** Once, instead of `started`, when it could not start; `code` is the errno name (`ENOENT`, `EACCES`, …). */
  error(err: NodeJS.ErrnoException): void;
}

/**
 * Starts a child in its own session and process group (pgid = pid), stdio on the given
 * descriptors. Through `posix_spawn` where it can be loaded (see `loadPosixSpawn`), else
 * through `child_process.spawn` with `detached: true`; both report the same way. The
 * descriptors must stay open until `started` or `error` is called.
 */
export function spawnChild(request: ChildRequest, on: ChildHandlers): void {
  const posix = request.method === 'child_process' ? undefined : loadPosixSpawn();
  return posix === undefined ? spawnWithNode(request, on) : spawnWithPosix(posix, request, on);
}

function spawnWithNode(request: ChildRequest, on: ChildHandlers): void {
  let child;
  try {
    child = spawn(request.file, request.args, {
      cwd: request.cwd,
      env: { ...request.baseEnv, ...request.env },
      detached: true,
      stdio: [request.stdinFd ?? 'ignore', request.outFd, request.outFd],
    });
  } catch (err) {
    // Synchronous throws are argument errors (a NUL byte in an argument or variable).
    queueMicrotask(() => on.error(err as NodeJS.ErrnoException));
    return;
  }
  if (child.pid === undefined) {
    // ENOENT, EACCES, a missing cwd: Node reports it on the next tick.
    child.once('error', on.error);
    return;
  }
  // After a successful spawn Node emits 'error' only when child.kill() fails, which is never
  // called; an 'error' without a listener would crash the engine, so keep one anyway.
  child.on('error', () => undefined);
  child.once('exit', (exitCode, signal) => on.exit({ exitCode, signal }));
  on.started(child.pid);
}

let reaper: ChildReaper | undefined;

function spawnWithPosix(posix: PosixSpawner, request: ChildRequest, on: ChildHandlers): void {
  // Errors as Node's spawn reports them (code, syscall, path), always on a later tick.
  const spawnError = (code: string, message = `spawn ${request.file} ${code}`): NodeJS.ErrnoException =>
    Object.assign(new Error(message), { code, syscall: 'spawn', path: request.file });
  const fail = (code: string, message?: string): void => {
    queueMicrotask(() => on.error(spawnError(code, message)));
  };
  const { strings: env, hasNul } = environmentStrings(request.baseEnv, request.env);
  const argv = [request.file, ...request.args];
  // C strings end at NUL: refuse what Node would refuse rather than run a truncated command.
  if (hasNul || argv.some((s) => s.includes('\0'))) {
    return fail('ERR_INVALID_ARG_VALUE', 'an argument or environment variable contains a NUL byte');
  }
  const path = request.env.PATH ?? request.baseEnv.PATH;
  const resolve = (fresh: boolean): { file: string } | { errno: string } => {
    // A name with a slash is a path (relative to the child's cwd): posix_spawn reports it.
    if (request.file.includes('/')) return { file: isAbsolute(request.file) ? request.file : join(request.cwd, request.file) };
    // posix_spawnp would search the engine's PATH; Node searches the child's: so do we.
    const found = lookUpExecutable(request.file, path, request.cwd, fresh);
    if ('path' in found) return { file: found.path };
    return { errno: found.problem === 'missing' ? 'ENOENT' : 'EACCES' };
  };
  const attempt = (target: { file: string } | { errno: string }, fresh: boolean): void => {
    if ('errno' in target) return fail(target.errno);
    const spawnRequest = { file: target.file, argv, env, cwd: request.cwd, stdinFd: request.stdinFd, outFd: request.outFd };
    const done = (result: { pid: number } | { errno: string }, viaShell: boolean): void => {
      if ('pid' in result) {
        reaper ??= createChildReaper(posix);
        // Watched before anyone hears of it: its exit is reported from a later SIGCHLD or poll.
        reaper.watch(result.pid, on.exit);
        return on.started(result.pid);
      }
      // A program found earlier may have been removed or replaced since: look again, once.
      if (!fresh && STALE_LOOKUP.has(result.errno)) return attempt(resolve(true), true);
      // A script without `#!`: run it with sh, as execvp (and so Node's spawn) does.
      if (result.errno === 'ENOEXEC' && !viaShell) {
        const shell = { ...spawnRequest, file: '/bin/sh', argv: ['/bin/sh', target.file, ...request.args] };
        return posix.spawn(shell, (again) => done(again, true));
      }
      on.error(spawnError(result.errno));
    };
    posix.spawn(spawnRequest, (result) => done(result, false));
  };
  const bare = !request.file.includes('/');
  attempt(resolve(!bare), !bare);
}

/** Errors of a spawn that a fresh PATH lookup may cure. */
const STALE_LOOKUP = new Set(['ENOENT', 'EACCES', 'ENOTDIR']);
