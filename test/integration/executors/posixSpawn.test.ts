import { execFile } from 'node:child_process';
import { chmodSync, closeSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildExit } from '../../../src/actors/spawn/decodeWaitStatus.js';
import { loadPosixSpawn } from '../../../src/actors/spawn/loadPosixSpawn.js';
import { spawnChild, type ChildRequest } from '../../../src/actors/spawn/spawnChild.js';
import { makeTempDir } from './helpers.js';

/**
 * What `posix_spawn` must do that Node's spawn did for us (src/actors/spawn/loadPosixSpawn.ts):
 * a session of the child's own, clean signal state, only stdio inherited, the child's PATH,
 * and reaping that leaves libuv's children alone. The executor's behaviour on top is tested
 * for both methods in processExecutor.test.ts.
 */
let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

type Outcome = { pid: number; exit: ChildExit } | { error: NodeJS.ErrnoException };

/** Runs one child with its output in `<dir>/<name>.out`; resolves with its exit or start error. */
function run(name: string, request: Partial<ChildRequest> & Pick<ChildRequest, 'file' | 'args'>): Promise<Outcome & { output: string }> {
  const outFile = join(dir, `${name}.out`);
  const outFd = openSync(outFile, 'w');
  return new Promise<Outcome>((resolve) => {
    let pid = 0;
    spawnChild(
      { baseEnv: process.env, env: {}, cwd: dir, outFd, ...request },
      { started: (p) => (pid = p), exit: (exit) => resolve({ pid, exit }), error: (error) => resolve({ error }) },
    );
  }).then((outcome) => {
    closeSync(outFd);
    return { ...outcome, output: readFileSync(outFile, 'utf8') };
  });
}

const sh = (script: string, env: Record<string, string> = {}) => ({ file: '/bin/sh', args: ['-c', script], env });

describe.runIf(process.platform === 'linux')('posix_spawn children', () => {
  it('is the method in use here (Linux, main thread)', () => {
    expect(loadPosixSpawn()).toBeDefined();
  });

  it('is not used in a worker thread (SIGCHLD reaches the main thread only): Node’s spawn runs the child there', async () => {
    // The built module: worker threads on Node 20 cannot load TypeScript (npm test builds first).
    const dist = join(import.meta.dirname, '..', '..', '..', 'dist', 'actors', 'spawn');
    const code = `
      const { parentPort } = require('node:worker_threads');
      Promise.all([import(${JSON.stringify(join(dist, 'loadPosixSpawn.js'))}), import(${JSON.stringify(join(dist, 'spawnChild.js'))})]).then(([l, s]) => {
        const loaded = l.loadPosixSpawn() !== undefined;
        s.spawnChild({ file: '/bin/sh', args: ['-c', 'exit 9'], baseEnv: process.env, env: {}, cwd: '/', outFd: 1 }, {
          started() {}, error: (e) => parentPort.postMessage({ loaded, error: e.code }), exit: (x) => parentPort.postMessage({ loaded, exit: x }),
        });
      });`;
    const reply = await new Promise((resolve, reject) => {
      const worker = new Worker(code, { eval: true });
      worker.once('message', (m) => void worker.terminate().then(() => resolve(m)));
      worker.once('error', reject);
    });
    expect(reply).toEqual({ loaded: false, exit: { exitCode: 9, signal: null } });
  });

  it('leads a new session and process group, with an empty signal mask and SIGPIPE/SIGXFSZ at default', async () => {
    // The spawned program reads its own /proc entries: no shell in between (a shell blocks
    // signals around its own forks, and its children would see that).
    const stat = await run('session', { file: '/bin/cat', args: ['/proc/self/stat'] });
    const pid = 'pid' in stat ? stat.pid : -1;
    // Fields 5 and 6 of /proc/<pid>/stat: process group and session, both the child's pid.
    expect(stat.output.split(' ').slice(4, 6)).toEqual([String(pid), String(pid)]);
    const status = await run('signals', { file: '/bin/grep', args: ['-E', '^Sig(Blk|Ign)', '/proc/self/status'] });
    expect('exit' in status && status.exit).toEqual({ exitCode: 0, signal: null });
    const [blocked, ignored] = status.output.trim().split('\n');
    expect(blocked).toMatch(/^SigBlk:\s+0+$/);
    const ignoredBits = BigInt(`0x${ignored?.split(/\s+/)[1] ?? '0'}`);
    expect((ignoredBits >> 12n) & 1n).toBe(0n); // SIGPIPE (13)
    expect((ignoredBits >> 24n) & 1n).toBe(0n); // SIGXFSZ (25)
  });

  it('inherits only stdin, stdout and stderr; stdin is /dev/null unless given', async () => {
    // `ls` lists its own descriptors (no pipeline: the shell's pipe ends would show).
    const result = await run('fds', sh('ls /proc/self/fd; readlink /proc/self/fd/0'));
    const lines = result.output.trim().split('\n');
    const stdin = lines.pop();
    // 3 is the descriptor ls opened for the listing itself. Descriptors this process was
    // given without close-on-exec (a test runner's channel) pass to every child, with Node's
    // spawn too; everything the engine opens is close-on-exec and must not.
    const flagsOf = (fd: string) => {
      try {
        return parseInt(/^flags:\s+(\d+)$/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
      } catch {
        return 0o2000000; // gone already: the listing's own descriptor
      }
    };
    const inheritable = readdirSync('/proc/self/fdinfo').filter((fd) => (flagsOf(fd) & 0o2000000) === 0);
    expect(lines.filter((fd) => Number(fd) > 3 && !inheritable.includes(fd))).toEqual([]);
    expect(stdin).toBe('/dev/null');
    const input = join(dir, 'input.txt');
    writeFileSync(input, 'from the file\n');
    const stdinFd = openSync(input, 'r');
    const fed = await run('stdin', { ...sh('cat'), stdinFd });
    closeSync(stdinFd);
    expect(fed.output).toBe('from the file\n');
  });

  it('runs in cwd with the base environment overlaid by the attempt’s, never parsed by a shell', async () => {
    const hostile = '$(touch pwned); `touch pwned`';
    const result = await run('env', {
      ...sh('pwd; printf "%s|%s|%s\\n" "$TICKET_TITLE" "$HOME" "$ONLY_BASE"'),
      baseEnv: { ...process.env, HOME: '/base-home', ONLY_BASE: 'kept' },
      env: { TICKET_TITLE: hostile, HOME: '/attempt-home' },
    });
    expect(result.output).toBe(`${dir}\n${hostile}|/attempt-home|kept\n`);
  });

  it('looks a bare name up in the child’s PATH, and again when the program found before is gone', async () => {
    const first = join(dir, 'bin-first');
    const second = join(dir, 'bin-second');
    mkdirSync(first);
    mkdirSync(second);
    const tool = (where: string, code: number) => {
      writeFileSync(join(where, 'tpe-tool'), `#!/bin/sh\nexit ${code}\n`);
      chmodSync(join(where, 'tpe-tool'), 0o755);
    };
    tool(first, 3);
    const env = { PATH: `${first}:${second}` };
    expect(await run('path-1', { file: 'tpe-tool', args: [], env })).toMatchObject({ exit: { exitCode: 3 } });
    rmSync(join(first, 'tpe-tool'));
    tool(second, 4);
    expect(await run('path-2', { file: 'tpe-tool', args: [], env })).toMatchObject({ exit: { exitCode: 4 } });
    // The engine's own PATH has `true`; the child's does not.
    expect(await run('path-3', { file: 'true', args: [], env })).toMatchObject({ error: { code: 'ENOENT' } });
  });

  it('runs a script without #! with sh, as execvp does', async () => {
    const script = join(dir, 'no-shebang');
    writeFileSync(script, 'echo plain script; exit 5\n');
    chmodSync(script, 0o755);
    const result = await run('no-shebang', { file: script, args: [] });
    expect(result).toMatchObject({ exit: { exitCode: 5, signal: null }, output: 'plain script\n' });
  });

  it('refuses a NUL byte in an argument or variable instead of running a truncated command', async () => {
    expect(await run('nul-arg', { file: '/bin/echo', args: ['a\0b'] })).toMatchObject({ error: { code: 'ERR_INVALID_ARG_VALUE' } });
    expect(await run('nul-env', { file: '/bin/true', args: [], env: { X: 'a\0b' } })).toMatchObject({ error: { code: 'ERR_INVALID_ARG_VALUE' } });
  });

  it('reports a missing program, a missing cwd and a signal', async () => {
    expect(await run('missing', { file: join(dir, 'nope'), args: [] })).toMatchObject({ error: { code: 'ENOENT' } });
    expect(await run('no-cwd', { file: '/bin/true', args: [], cwd: join(dir, 'nowhere') })).toMatchObject({ error: { code: 'ENOENT' } });
    expect(await run('signal', sh('kill -TERM $$'))).toMatchObject({ exit: { exitCode: null, signal: 'SIGTERM' } });
  });

  it('reaps a hundred children at once, each with its own code, without taking child_process’s', async () => {
    const node = promisify(execFile)('/bin/sh', ['-c', 'sleep 0.2; exit 7']).catch((err: { code?: number }) => err.code);
    const ours = await Promise.all(Array.from({ length: 100 }, (_, i) => run(`many-${i}`, sh(`exit ${i}`))));
    expect(ours.map((o) => ('exit' in o ? o.exit.exitCode : o.error.code))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(await node).toBe(7);
  });

  it('tells whether a child’s process group still has a member, as kill(-pgid, 0) does, without throwing', async () => {
    const spawner = loadPosixSpawn();
    if (spawner === undefined) throw new Error('posix_spawn is not in use');
    // A leader alone in its group, reaped: nothing is left.
    const alone = (await run('alone', sh('exit 0'))) as { pid: number };
    expect(spawner.groupExists(alone.pid)).toBe(false);
    // The leader ends at once and leaves a member behind in its group: the group outlives it.
    const { pid, output } = (await run('group', sh('sleep 30 & echo $!'))) as { pid: number; output: string };
    try {
      expect(spawner.groupExists(pid)).toBe(true);
    } finally {
      process.kill(Number(output.trim()), 'SIGKILL');
    }
    expect(spawner.groupExists(0)).toBe(false);
  });
});
