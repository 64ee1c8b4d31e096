import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkerExecutor } from '../../../src/actors/createWorkerExecutor.js';
import type { ExecutionResult, Executor } from '../../../src/actors/types.js';
import { fixture, quietContext, workerJob } from './helpers.js';

let executor: Executor;
const poolErrors: unknown[] = [];

beforeAll(() => {
  executor = createWorkerExecutor({ onPoolError: (error) => poolErrors.push(error) });
});
afterAll(async () => {
  await executor.close?.();
  expect(poolErrors).toEqual([]);
});

function failure(result: ExecutionResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

describe('worker executor: pools', () => {
  it('keeps a pool per agent type: two types on one module with different sizes do not rebuild each other’s', async () => {
    const on = async (pool: string, poolSize: number) => {
      const result = await executor.run(workerJob('thread-id.mjs', { pool, poolSize }), quietContext());
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.output as number;
    };
    const first = await on('reviewer', 1);
    const other = await on('writer', 2);
    // A pool shared by module alone would have been replaced by the writer's (another size),
    // and the reviewer's next task would run on a new thread.
    expect(await on('reviewer', 1)).toBe(first);
    expect(other).not.toBe(first);
    expect(await on('writer', 2)).toBeTypeOf('number');
  });
});

describe('worker executor: results', () => {
  it('returns the module default export’s output, called with input and ticket', async () => {
    const result = await executor.run(workerJob('succeed.mjs', { input: { n: 21 } }), quietContext());
    expect(result).toMatchObject({ ok: true, output: { doubled: 42, ticket: 'SYS-015', attempt: 1 } });
  });

  it('calls a named `run` export when there is no default export', async () => {
    const result = await executor.run(workerJob('run-export.mjs', { input: 'x' }), quietContext());
    expect(result).toMatchObject({ ok: true, output: 'run got x' });
  });

  it('turns a thrown error into WORKER_ERROR data, retryable', async () => {
    const result = failure(await executor.run(workerJob('throw.mjs'), quietContext()));
    expect(result.error).toMatchObject({
      code: 'WORKER_ERROR',
      message: `worker module ${fixture('throw.mjs')} threw: TypeError: boom [E_BOOM]`,
      retryable: true,
    });
    expect(result.error.stack).toContain('throw.mjs');
  });

  it('turns a NonRetryableError (recognised by name) into NON_RETRYABLE, not retryable', async () => {
    const result = failure(await executor.run(workerJob('nonretry.mjs'), quietContext()));
    expect(result.error).toMatchObject({ code: 'NON_RETRYABLE', retryable: false });
    expect(result.error.message).toContain('the input is invalid');
  });

  it('fails clearly when the output cannot be cloned, and when the module has no function', async () => {
    const unclonable = failure(await executor.run(workerJob('unclonable.mjs'), quietContext()));
    expect(unclonable.error).toMatchObject({ code: 'WORKER_ERROR', retryable: false });
    expect(unclonable.error.message).toContain('cannot be sent to the engine (it must be structured-cloneable');

    const noExport = failure(await executor.run(workerJob('no-export.mjs'), quietContext()));
    expect(noExport.error).toMatchObject({ code: 'SPAWN_FAILED', retryable: false });
    expect(noExport.error.message).toContain('exports no function');

    const missing = failure(await executor.run(workerJob('does-not-exist.mjs'), quietContext()));
    expect(missing.error).toMatchObject({ code: 'SPAWN_FAILED', retryable: false });
    expect(missing.error.message).toContain('cannot load worker module');
  });

  it('fails clearly when the input cannot be cloned', async () => {
    const result = failure(await executor.run(workerJob('succeed.mjs', { input: { fn: () => 1 } }), quietContext()));
    expect(result.error).toMatchObject({ code: 'WORKER_ERROR', retryable: false });
    expect(result.error.message).toContain('cannot be sent to a worker thread');
  });

  it('forwards progress from inside the worker to ctx.progress', async () => {
    const seen: [number, string | undefined][] = [];
    const result = await executor.run(workerJob('progress.mjs'), {
      ...quietContext(),
      progress: (fraction, message) => seen.push([fraction, message]),
    });
    expect(result).toMatchObject({ ok: true, output: 'done' });
    expect(seen).toEqual([
      [0.25, undefined],
      [0.5, 'half way'],
      [1, undefined],
    ]);
  });
});

describe('worker executor: progress of tasks on several threads', () => {
  it('gives each task its own reports, in order, while tasks on other threads report too', async () => {
    const run = async (tag: string) => {
      const seen: [number, string | undefined][] = [];
      const result = await executor.run(workerJob('progress-tagged.mjs', { pool: 'tagged', poolSize: 3, input: { tag, steps: 20 } }), {
        ...quietContext(),
        progress: (fraction, message) => seen.push([fraction, message]),
      });
      return { result, seen };
    };
    const runs = await Promise.all(['a', 'b', 'c'].map(run));
    for (const [k, { result, seen }] of runs.entries()) {
      const tag = ['a', 'b', 'c'][k] as string;
      expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => [(i + 1) / 20, tag]));
      // Structured data comes back whole: a Date and a Map, not their JSON.
      expect(result).toMatchObject({ ok: true, output: { tag, when: new Date(0), seen: new Map([[tag, 20]]) } });
    }
  });

  it('ignores what a module posts on the parent port itself, even shaped like a progress port', async () => {
    const seen: [number, string | undefined][] = [];
    const result = await executor.run(workerJob('chatty.mjs'), { ...quietContext(), progress: (f, m) => seen.push([f, m]) });
    expect(result).toMatchObject({ ok: true, output: 'ok' });
    expect(seen).toEqual([[1, 'done']]);
  });

  it('still forwards progress from the thread that replaces one that died', async () => {
    const job = (input: object) => workerJob('progress-tagged.mjs', { pool: 'tagged-crash', input });
    const crashed = failure(await executor.run(job({ tag: 'x', steps: 5, exitCode: 3 }), quietContext()));
    expect(crashed.error).toMatchObject({ code: 'WORKER_CRASHED' });
    const seen: [number, string | undefined][] = [];
    const result = await executor.run(job({ tag: 'y', steps: 5 }), { ...quietContext(), progress: (f, m) => seen.push([f, m]) });
    expect(result.ok).toBe(true);
    expect(seen).toEqual([0.2, 0.4, 0.6, 0.8, 1].map((f) => [f, 'y']));
  });
});

describe('worker executor: crashes, limits and stops', () => {
  it('reports process.exit in the worker as WORKER_CRASHED; the pool runs the next task', async () => {
    const result = failure(await executor.run(workerJob('crash.mjs', { input: { exitCode: 7 } }), quietContext()));
    expect(result.error).toEqual({
      code: 'WORKER_CRASHED',
      message: `worker thread exited with code 7 while running ${fixture('crash.mjs')}`,
      retryable: true,
      agentCrashed: true,
    });
    expect(await executor.run(workerJob('crash.mjs', { input: {} }), quietContext())).toMatchObject({ ok: true, output: 'survived' });
  });

  it('reports running out of a 48 MB heap as WORKER_CRASHED naming the limit; the same pool then succeeds', async () => {
    const job = workerJob('oom.mjs', { memoryLimitMb: 48 });
    const result = failure(await executor.run({ ...job, input: { chunks: 100_000 } }, quietContext()));
    expect(result.error).toMatchObject({ code: 'WORKER_CRASHED', agentCrashed: true, retryable: true });
    expect(result.error.message).toBe(`worker thread ran out of memory (limit 48 MB) running ${fixture('oom.mjs')}`);
    expect(await executor.run({ ...job, input: { chunks: 4 } }, quietContext())).toMatchObject({ ok: true, output: 4 });
  });

  it('times out an infinite loop: TIMEOUT, and the pool runs the next task', async () => {
    const result = failure(await executor.run(workerJob('loop.mjs', { timeoutMs: 300 }), quietContext()));
    expect(result.error).toEqual({ code: 'TIMEOUT', message: 'timed out after 300ms; worker thread terminated', retryable: true });
    expect(result.durationMs).toBeGreaterThanOrEqual(300);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(await executor.run(workerJob('succeed.mjs', { input: { n: 1 } }), quietContext())).toMatchObject({ ok: true });
  });

  it('aborts through ctx.signal: ABORTED', async () => {
    const controller = new AbortController();
    const result = failure(
      await executor.run(workerJob('wait-forever.mjs'), {
        signal: controller.signal,
        // The module reports progress once it runs: abort only then, so the running task is stopped.
        progress: () => controller.abort('stop'),
      }),
    );
    expect(result.error).toEqual({ code: 'ABORTED', message: 'aborted (stop); worker thread terminated', retryable: true });

    const already = new AbortController();
    already.abort();
    const early = failure(await executor.run(workerJob('succeed.mjs'), { signal: already.signal }));
    expect(early.error).toMatchObject({ code: 'ABORTED', message: 'aborted before the task started' });
  });

  it('runs two tasks at the same time on a 2-thread pool, also after the pool size grew', async () => {
    // First a 1-thread pool for this module; the 2-thread job below must replace it.
    const alone = workerJob('barrier.mjs', { poolSize: 1, input: { shared: new SharedArrayBuffer(4), parties: 1 } });
    expect(await executor.run(alone, quietContext())).toMatchObject({ ok: true, output: { met: true } });
    const shared = new SharedArrayBuffer(4);
    const job = workerJob('barrier.mjs', { poolSize: 2, input: { shared, parties: 2 } });
    const [a, b] = await Promise.all([executor.run(job, quietContext()), executor.run(job, quietContext())]);
    // Each task waits at the barrier for the other: with one thread, or one after the other,
    // the first would time out there and report met: false.
    expect(a).toMatchObject({ ok: true, output: { met: true } });
    expect(b).toMatchObject({ ok: true, output: { met: true } });
  });

  it('close() destroys the pools and reports a running task as ABORTED', async () => {
    const own = createWorkerExecutor();
    let onStarted: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (onStarted = resolve));
    const running = own.run(workerJob('wait-forever.mjs'), { ...quietContext(), progress: () => onStarted() });
    await started;
    await own.close?.();
    expect(failure(await running).error).toMatchObject({ code: 'ABORTED', message: 'aborted (the executor was closed); worker thread terminated' });
  });
});
