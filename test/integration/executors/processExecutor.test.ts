import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createProcessExecutor } from '../../../src/actors/createProcessExecutor.js';
import type { ExecutionResult, Executor } from '../../../src/actors/types.js';
import { fixture, isAlive, makeTempDir, processJob, quietContext, readPid, waitFor } from './helpers.js';
import { exitTagFor } from '../../../src/runtime/jobForTicket.js';


// Every behaviour holds for both ways of starting a child: posix_spawn (the default on
// Linux, see src/actors/spawn/loadPosixSpawn.ts) and Node's child_process.spawn.
describe.each(['auto', 'child_process'] as const)('spawnWith: %s', (spawnWith) => {
  let executor: Executor;
  let dir: string;
  let cleanup: () => void;
  const leftovers: number[] = [];

  beforeAll(() => {
    executor = createProcessExecutor({ spawnWith });
    ({ dir, cleanup } = makeTempDir());
  });
  afterEach(() => {
    // A failed assertion must not leave sleeps behind for the next test run.
    for (const pid of leftovers.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  });
  afterAll(async () => {
    await executor.close?.();
    cleanup();
  });

  function failure(result: ExecutionResult) {
    if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
    return result;
  }

  describe('process executor: commands and environment', () => {
    it('runs an argv command directly and hands ticket fields over only as environment', async () => {
      const logFile = join(dir, 'argv', 'print-env.log');
      const marker = join(dir, 'pwned-argv');
      const hostile = `$(touch ${marker}); echo hi \`touch ${marker}\``;
      const result = await executor.run(
        processJob(dir, { command: { argv: [fixture('print-env.sh'), 'a b', '$HOME'] }, logFile, env: { TICKET_ID: 'SYS-1', TICKET_TITLE: hostile } }),
        quietContext(),
      );
      expect(result).toMatchObject({ ok: true, exitCode: 0 });
      const log = readFileSync(logFile, 'utf8');
      expect(log).toContain(`TICKET_TITLE=${hostile}\n`);
      expect(log).toContain('ARGS=a b $HOME\n'); // argv words are not expanded by any shell
      expect(existsSync(marker)).toBe(false);
    });

    it('runs a shell string as written, with hostile ticket fields never evaluated', async () => {
      const logFile = join(dir, 'shell', 'env.log');
      const marker = join(dir, 'pwned-shell');
      const hostile = `$(touch ${marker}); echo hi`;
      const result = await executor.run(
        processJob(dir, {
          command: { shell: 'printf "title=%s\\n" "$TICKET_TITLE" && echo $((6 * 7)) | cat' },
          logFile,
          env: { TICKET_ID: 'SYS-2', TICKET_TITLE: hostile },
        }),
        quietContext(),
      );
      expect(result).toMatchObject({ ok: true, exitCode: 0 });
      const log = readFileSync(logFile, 'utf8');
      expect(log).toContain(`title=${hostile}\n42\n`); // the string itself is real shell: $((…)) and | work
      expect(existsSync(marker)).toBe(false);
    });

    it('merges the job environment over the engine environment', async () => {
      const logFile = join(dir, 'merge.log');
      const result = await executor.run(
        processJob(dir, { command: { shell: 'echo "path=${PATH:+set} id=$TICKET_ID"' }, logFile, env: { TICKET_ID: 'SYS-3' } }),
        quietContext(),
      );
      expect(result.ok).toBe(true);
      expect(readFileSync(logFile, 'utf8')).toContain('path=set id=SYS-3\n');
    });

    it('feeds stdin from a file, and gives an empty stdin otherwise', async () => {
      const stdinFile = join(dir, 'ticket.md');
      writeFileSync(stdinFile, '---\nid: SYS-4\n---\nDo the thing.\n');
      const logFile = join(dir, 'stdin.log');
      expect((await executor.run(processJob(dir, { command: { argv: ['cat'] }, stdinFile, logFile }), quietContext())).ok).toBe(true);
      expect(readFileSync(logFile, 'utf8')).toContain('---\nid: SYS-4\n---\nDo the thing.\n');

      const emptyLog = join(dir, 'no-stdin.log');
      // Without a stdin file `cat` must see end-of-input at once, not wait on the engine's stdin.
      const result = await executor.run(processJob(dir, { command: { shell: 'cat; echo "eof reached"' }, logFile: emptyLog }), quietContext());
      expect(result.ok).toBe(true);
      expect(readFileSync(emptyLog, 'utf8')).toContain('eof reached');
    });

    it('never misses the exit of a command that ends at once (many times over)', async () => {
      // Regression: the exit listener was attached after an await that followed spawn(), so a
      // command that exited during that await left its attempt pending forever (seen under load).
      const stdinFile = join(dir, 'quick.md');
      writeFileSync(stdinFile, 'quick\n');
      const runs = Array.from({ length: 40 }, (_, i) =>
        executor.run(processJob(dir, { command: { argv: ['cat'] }, stdinFile, logFile: join(dir, 'quick', `${i}.log`) }), quietContext()),
      );
      const results = await Promise.all(runs);
      expect(results.every((r) => r.ok)).toBe(true);
    });

    it('writes a header, the output of both streams, and a footer to the log, appending across attempts', async () => {
      const logFile = join(dir, 'attempts', 'SYS-5.log');
      const job = processJob(dir, {
        command: { argv: [fixture('exit-with.sh'), '0'] },
        logFile,
        env: { TPE_RUN_ID: 'exec_20260101-000000-abcd', TICKET_ID: 'SYS-5', TICKET_ATTEMPT: '1', TICKET_TITLE: 'Two words', API_TOKEN: 'secret' },
      });
      await executor.run(job, quietContext());
      await executor.run({ ...job, env: { ...job.env, TICKET_ATTEMPT: '2' }, command: { argv: [fixture('exit-with.sh'), '3'] } }, quietContext());
      const log = readFileSync(logFile, 'utf8');
      const lines = log.split('\n');
      expect(lines[0]).toMatch(/^\[tpe \d{4}-\d\d-\d\dT[\d:.]+Z\] ticket SYS-5 attempt 1 \(run exec_20260101-000000-abcd\) starting$/);
      expect(log).toContain(`[tpe] $ ${fixture('exit-with.sh')} 0\n`);
      expect(log).toContain(`[tpe] cwd ${dir}\n`);
      expect(log).toContain('TICKET_TITLE="Two words"');
      expect(log).toContain('also set by the plan: API_TOKEN');
      expect(log).not.toContain('secret');
      expect(log).toContain('about to exit with 0\nto stderr\n');
      expect(log).toMatch(/\[tpe [^\]]+\] ticket SYS-5 attempt 1 succeeded after \d+ms \(exit code 0\)\n/);
      expect(log).toMatch(/ticket SYS-5 attempt 2 \(run [^)]+\) starting\n[^]*about to exit with 3\n[^]*attempt 2 failed after \d+ms: EXIT_CODE: command exited with code 3/);
      // Order: header, output, footer.
      expect(log.indexOf('attempt 1 (run')).toBeLessThan(log.indexOf('about to exit with 0'));
      expect(log.indexOf('about to exit with 0')).toBeLessThan(log.indexOf('attempt 1 succeeded'));
    });

    it('calls onStart once with the pid, which is also the process group id', async () => {
      const starts: number[] = [];
      const logFile = join(dir, 'pgid.log');
      const result = await executor.run(processJob(dir, { command: { shell: "cut -d' ' -f5 /proc/$$/stat" }, logFile }), {
        ...quietContext(),
        onStart: ({ pid }) => starts.push(pid),
      });
      expect(result.ok).toBe(true);
      expect(starts).toHaveLength(1);
      expect(readFileSync(logFile, 'utf8')).toMatch(new RegExp(`^\\s*${starts[0]}$`, 'm'));
    });
  });

  describe('process executor: failures', () => {
    it('reports a non-zero exit as a retryable EXIT_CODE naming the log', async () => {
      const job = processJob(dir, { command: { argv: [fixture('exit-with.sh'), '3'] } });
      const result = failure(await executor.run(job, quietContext()));
      expect(result.error).toEqual({ code: 'EXIT_CODE', message: `command exited with code 3 (see ${job.logFile})`, retryable: true });
      expect(result.exitCode).toBe(3);
      expect(result.durationMs).toBeGreaterThanOrEqual(0);
    });

    it('reports a no-retry exit code as NON_RETRYABLE', async () => {
      const result = failure(await executor.run(processJob(dir, { command: { shell: 'exit 78' } }), quietContext()));
      expect(result.error).toMatchObject({ code: 'NON_RETRYABLE', retryable: false });
      expect(result.exitCode).toBe(78);
    });

    it('reports a missing or non-executable command as SPAWN_FAILED, not retryable', async () => {
      const missing = failure(await executor.run(processJob(dir, { command: { argv: ['./no-such-command-tpe'] } }), quietContext()));
      expect(missing.error).toEqual({ code: 'SPAWN_FAILED', message: 'command not found: ./no-such-command-tpe (ENOENT)', retryable: false });

      const viaShell = failure(await executor.run(processJob(dir, { command: { shell: 'no-such-command-tpe --flag' } }), quietContext()));
      expect(viaShell.error).toMatchObject({ code: 'SPAWN_FAILED', retryable: false });
      expect(viaShell.error.message).toMatch(/^command not found \(the shell exited with code 127\)/);

      const notExecutable = failure(await executor.run(processJob(dir, { command: { argv: [fixture('not-executable.sh')] } }), quietContext()));
      expect(notExecutable.error).toMatchObject({ code: 'SPAWN_FAILED', retryable: false });
      expect(notExecutable.error.message).toContain('not executable');

      const noCwd = failure(await executor.run(processJob(dir, { command: { argv: ['true'] }, cwd: join(dir, 'nowhere') }), quietContext()));
      expect(noCwd.error.message).toBe(`working directory ${join(dir, 'nowhere')} does not exist (command true)`);
    });

    it('reports an unreadable stdin file as SPAWN_FAILED without starting anything', async () => {
      const starts: number[] = [];
      const result = failure(
        await executor.run(processJob(dir, { command: { argv: ['cat'] }, stdinFile: join(dir, 'missing.md') }), {
          ...quietContext(),
          onStart: ({ pid }) => starts.push(pid),
        }),
      );
      expect(result.error).toMatchObject({ code: 'SPAWN_FAILED', retryable: false });
      expect(result.error.message).toContain('cannot read stdin file');
      expect(starts).toEqual([]);
    });

    it('reports a process killed by someone else as SIGNALED', async () => {
      const result = failure(
        await executor.run(processJob(dir, { command: { argv: [fixture('hang.sh')] } }), {
          ...quietContext(),
          onStart: ({ pid }) => process.kill(pid, 'SIGUSR1'),
        }),
      );
      expect(result.error.code).toBe('SIGNALED');
      expect(result.signal).toBe('SIGUSR1');
    });
  });

  describe('process executor: the exit-file wrapper of durable runs', () => {
    it('leaves the exit code and whose it is as one whole line, readable by its user only, and reports the outcome as without the wrapper', async () => {
      const exitFile = join(dir, `wrapped-${spawnWith}.exit`);
      const job = processJob(dir, { command: { argv: [fixture('exit-with.sh'), '3'] }, exitFile });
      const result = failure(await executor.run(job, quietContext()));
      expect(result.error).toMatchObject({ code: 'EXIT_CODE', retryable: true });
      expect(result.exitCode).toBe(3);
      // Whose exit it is comes from the attempt's environment (see exitTagFor).
      expect(readFileSync(exitFile, 'utf8')).toBe(`3 ${exitTagFor('exec_test', 'SYS-015', 1)}\n`);
      expect(statSync(exitFile).mode & 0o777).toBe(0o600);

      const signalFile = join(dir, `wrapped-signal-${spawnWith}.exit`);
      // The command kills itself: the wrapper sees 128 + 10, writes it, and ends by the same signal.
      const killed = failure(await executor.run(processJob(dir, { command: { shell: 'kill -USR1 $$' }, exitFile: signalFile }), quietContext()));
      // So the outcome is the same as without the wrapper.
      expect(killed.error.code).toBe('SIGNALED');
      expect(killed.signal).toBe('SIGUSR1');
      expect(readFileSync(signalFile, 'utf8')).toBe(`${128 + 10} exec_test 1 SYS-015\n`);
    });

    it('says "command not found" before wrapping, also for a program that was found before and is gone', async () => {
      const missing = failure(
        await executor.run(processJob(dir, { command: { argv: ['no-such-command-tpe'] }, exitFile: join(dir, `missing-${spawnWith}.exit`) }), quietContext()),
      );
      expect(missing.error).toMatchObject({ code: 'SPAWN_FAILED', message: 'command not found: no-such-command-tpe', retryable: false });

      const first = join(dir, `path-a-${spawnWith}`);
      const second = join(dir, `path-b-${spawnWith}`);
      mkdirSync(first);
      mkdirSync(second);
      const tool = (where: string) => {
        writeFileSync(join(where, 'tpe-moved-tool'), '#!/bin/sh\nexit 0\n');
        chmodSync(join(where, 'tpe-moved-tool'), 0o755);
      };
      tool(first);
      const run = (n: number) =>
        executor.run(
          processJob(dir, { command: { argv: ['tpe-moved-tool'] }, env: { PATH: `${first}:${second}:/usr/bin:/bin` }, exitFile: join(dir, `moved-${spawnWith}-${n}.exit`) }),
          quietContext(),
        );
      expect(await run(1)).toMatchObject({ ok: true });
      rmSync(join(first, 'tpe-moved-tool'));
      tool(second);
      expect(await run(2)).toMatchObject({ ok: true });
      // Gone altogether: still "not found" (the wrapper's shell would say 127, an EXIT_CODE).
      rmSync(join(second, 'tpe-moved-tool'));
      expect(failure(await run(3)).error).toMatchObject({ code: 'SPAWN_FAILED', message: 'command not found: tpe-moved-tool' });
    });
  });

  describe('process executor: stopping process groups', () => {
    it('on timeout kills the whole group, grandchild included', async () => {
      const pidFile = join(dir, 'timeout-grandchild.pid');
      const job = processJob(dir, { command: { argv: [fixture('hang-with-grandchild.sh')] }, env: { PID_FILE: pidFile }, timeoutMs: 1_000 });
      const result = failure(await executor.run(job, quietContext()));
      expect(result.error).toEqual({ code: 'TIMEOUT', message: 'timed out after 1s; process group killed', retryable: true });
      expect(result.durationMs).toBeGreaterThanOrEqual(1_000);
      const grandchild = readPid(pidFile);
      leftovers.push(grandchild);
      await waitFor(() => !isAlive(grandchild), 5_000, `grandchild ${grandchild} to die`);
      expect(readFileSync(job.logFile, 'utf8')).toContain('TIMEOUT: timed out after 1s');
    });

    it('SIGKILLs a group that ignores SIGTERM once the grace period is over', async () => {
      let leader = 0;
      const job = processJob(dir, { command: { argv: [fixture('ignore-term.sh')] }, timeoutMs: 700, killGraceMs: 400 });
      const result = failure(await executor.run(job, { ...quietContext(), onStart: ({ pid }) => (leader = pid) }));
      expect(result.error.code).toBe('TIMEOUT');
      expect(result.signal).toBe('SIGKILL');
      expect(result.durationMs).toBeGreaterThanOrEqual(1_100);
      // The sleep ignored SIGTERM as well; nothing of the group may survive the SIGKILL.
      await waitFor(() => {
        try {
          process.kill(-leader, 0);
          return false;
        } catch {
          return true;
        }
      }, 5_000, 'the group to be gone');
    });

    it('stops the group when the signal is aborted', async () => {
      const controller = new AbortController();
      let leader = 0;
      const result = failure(
        await executor.run(processJob(dir, { command: { argv: [fixture('hang.sh')] } }), {
          signal: controller.signal,
          onStart: ({ pid }) => {
            leader = pid;
            controller.abort('stop');
          },
        }),
      );
      expect(result.error).toEqual({ code: 'ABORTED', message: 'aborted (stop); process group killed', retryable: true });
      expect(result.signal).toBe('SIGTERM');
      await waitFor(() => !isAlive(leader), 5_000, 'leader to be gone');
    });

    it('does not start anything when the signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const logFile = join(dir, 'never', 'started.log');
      let started = false;
      const result = failure(
        await executor.run(processJob(dir, { command: { argv: ['true'] }, logFile }), { signal: controller.signal, onStart: () => (started = true) }),
      );
      expect(result.error).toMatchObject({ code: 'ABORTED', retryable: true });
      expect(started).toBe(false);
      expect(existsSync(logFile)).toBe(false);
    });

    it('kills a background grandchild left behind by a leader that succeeded, without waiting for it', async () => {
      const pidFile = join(dir, 'stray.pid');
      const job = processJob(dir, { command: { argv: [fixture('spawn-grandchild.sh')] }, env: { PID_FILE: pidFile }, killGraceMs: 5_000 });
      const result = await executor.run(job, quietContext());
      expect(result).toMatchObject({ ok: true, exitCode: 0 });
      // The grandchild holds the log descriptor and would live 1000 s: neither delays the result.
      expect(result.durationMs).toBeLessThan(3_000);
      const grandchild = readPid(pidFile);
      leftovers.push(grandchild);
      await waitFor(() => !isAlive(grandchild), 5_000, `stray grandchild ${grandchild} to die`);
    });

    it('rejects when onStart throws, after stopping the process it could not record', async () => {
      let leader = 0;
      const running = executor.run(processJob(dir, { command: { argv: [fixture('hang.sh')] }, killGraceMs: 300 }), {
        ...quietContext(),
        onStart: ({ pid }) => {
          leader = pid;
          throw new Error('store is down');
        },
      });
      await expect(running).rejects.toThrow('store is down');
      await waitFor(() => !isAlive(leader), 5_000, 'unrecorded leader to be gone');
    });

    it('close() stops running attempts and reports them as ABORTED', async () => {
      const own = createProcessExecutor({ spawnWith });
      let leader = 0;
      let onStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => (onStarted = resolve));
      const running = own.run(processJob(dir, { command: { argv: [fixture('hang.sh')] } }), {
        ...quietContext(),
        onStart: ({ pid }) => {
          leader = pid;
          onStarted();
        },
      });
      await started;
      await own.close?.();
      const result = failure(await running);
      expect(result.error).toMatchObject({ code: 'ABORTED', message: 'aborted: the executor was closed; process group killed' });
      expect(isAlive(leader)).toBe(false);
      expect(failure(await own.run(processJob(dir, { command: { argv: ['true'] } }), quietContext())).error.code).toBe('ABORTED');
    });
  });

  describe('process executor: output volume', () => {
    it('sends a 200 MB flood of output to the file without growing the engine', async () => {
      const logFile = join(dir, 'flood.log');
      const before = process.memoryUsage().rss;
      let peak = before;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
      try {
        const result = await executor.run(processJob(dir, { command: { shell: 'head -c 200000000 /dev/zero' }, logFile }), quietContext());
        expect(result.ok).toBe(true);
      } finally {
        clearInterval(sampler);
      }
      expect(statSync(logFile).size).toBeGreaterThan(200_000_000);
      const growthMb = (peak - before) / 2 ** 20;
      expect(growthMb).toBeLessThan(30);
    });
  });
});
