import { describe, expect, it } from 'vitest';
import { createFunctionExecutor } from '../../../src/actors/createFunctionExecutor.js';
import type { AgentFunction, ExecutionResult, FunctionJob } from '../../../src/actors/types.js';
import { NonRetryableError } from '../../../src/errors.js';
import { quietContext, ticket } from './helpers.js';

function job(agent: string, overrides: Partial<FunctionJob> = {}): FunctionJob {
  return { kind: 'function', agent, input: { n: 2 }, ticket, timeoutMs: 10_000, ...overrides };
}

function failure(result: ExecutionResult) {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result)}`);
  return result;
}

/** Resolves when `signal` aborts: lets a function wait for its stop without timers. */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

describe('function executor', () => {
  it('returns the output of an async or sync function, given input and ticket', async () => {
    const executor = createFunctionExecutor({
      square: async (input) => (input as { n: number }).n ** 2,
      who: (_input, t) => `${t.id}#${t.attempt}`,
    });
    expect(await executor.run(job('square'), quietContext())).toMatchObject({ ok: true, output: 4 });
    expect(await executor.run(job('who'), quietContext())).toMatchObject({ ok: true, output: 'SYS-015#1' });
  });

  it('maps a throw (sync or async) to WORKER_ERROR, retryable', async () => {
    const executor = createFunctionExecutor({
      sync: () => {
        throw new Error('sync boom');
      },
      async: async () => Promise.reject(new RangeError('async boom')),
    });
    expect(failure(await executor.run(job('sync'), quietContext())).error).toMatchObject({
      code: 'WORKER_ERROR',
      message: 'agent function "sync" threw: sync boom',
      retryable: true,
    });
    expect(failure(await executor.run(job('async'), quietContext())).error.message).toBe('agent function "async" threw: RangeError: async boom');
  });

  it('maps NonRetryableError and retryable: false to NON_RETRYABLE, not retryable', async () => {
    const executor = createFunctionExecutor({
      byClass: () => {
        throw new NonRetryableError('bad ticket');
      },
      byFlag: () => Promise.reject(Object.assign(new Error('quota gone'), { retryable: false })),
    });
    const byClass = failure(await executor.run(job('byClass'), quietContext()));
    expect(byClass.error).toMatchObject({ code: 'NON_RETRYABLE', retryable: false });
    expect(byClass.error.message).toBe('agent function "byClass" failed and must not be retried: NonRetryableError: bad ticket');
    expect(failure(await executor.run(job('byFlag'), quietContext())).error).toMatchObject({ code: 'NON_RETRYABLE', retryable: false });
  });

  it('reports TIMEOUT at the deadline even when the function ignores its signal', async () => {
    let sawAbort = false;
    let release: () => void = () => undefined;
    const stubborn: AgentFunction = async (_input, _ticket, { signal }) => {
      signal.addEventListener('abort', () => (sawAbort = true));
      await new Promise<void>((resolve) => (release = resolve)); // ignores the signal
      return 'too late';
    };
    const executor = createFunctionExecutor({ stubborn });
    const result = failure(await executor.run(job('stubborn', { timeoutMs: 50 }), quietContext()));
    expect(result.error).toEqual({
      code: 'TIMEOUT',
      message: 'agent function "stubborn" timed out after 50ms; the function was told through its signal',
      retryable: true,
    });
    expect(sawAbort).toBe(true);
    release(); // its late result is dropped without an unhandled rejection
  });

  it('reports ABORTED when ctx.signal aborts, and does not call the function when already aborted', async () => {
    let calls = 0;
    const executor = createFunctionExecutor({
      waits: async (_input, _ticket, { signal, progress }) => {
        calls++;
        progress(0.1);
        await aborted(signal);
        throw new Error('stopped');
      },
    });
    const controller = new AbortController();
    const result = failure(await executor.run(job('waits'), { signal: controller.signal, progress: () => controller.abort('pause') }));
    expect(result.error).toMatchObject({ code: 'ABORTED', message: 'agent function "waits" aborted (pause); the function was told through its signal' });

    const early = failure(await executor.run(job('waits'), { signal: AbortSignal.abort() }));
    expect(early.error.code).toBe('ABORTED');
    expect(calls).toBe(1);
  });

  it('fails clearly and without retry when no function is registered for the agent type', async () => {
    const executor = createFunctionExecutor({ b: () => 1, a: () => 2 });
    const result = failure(await executor.run(job('missing'), quietContext()));
    expect(result.error).toEqual({ code: 'SPAWN_FAILED', message: 'no function registered for agent type "missing" (registered: a, b)', retryable: false });
    expect(failure(await executor.run(job('constructor'), quietContext())).error.code).toBe('SPAWN_FAILED');
  });

  it('forwards progress, clamped, and contains a throwing progress callback', async () => {
    const seen: number[] = [];
    const executor = createFunctionExecutor({
      steps: (_input, _ticket, { progress }) => {
        progress(-1);
        progress(0.5);
        progress(Number.NaN);
        progress(7);
        return 'ok';
      },
    });
    expect(await executor.run(job('steps'), { ...quietContext(), progress: (f) => seen.push(f) })).toMatchObject({ ok: true });
    expect(seen).toEqual([0, 0.5, 1]);
    const throwing = await executor.run(job('steps'), {
      ...quietContext(),
      progress: () => {
        throw new Error('reporter bug');
      },
    });
    expect(throwing.ok).toBe(true);
  });

  it('close() aborts running functions', async () => {
    const executor = createFunctionExecutor({ waits: async (_i, _t, { signal }) => aborted(signal) });
    const running = executor.run(job('waits'), quietContext());
    await executor.close?.();
    expect(failure(await running).error).toMatchObject({ code: 'ABORTED' });
  });
});
