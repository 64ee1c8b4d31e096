import { createFunctionExecutor } from './createFunctionExecutor.js';
import { createProcessExecutor } from './createProcessExecutor.js';
import { createWorkerExecutor, type WorkerExecutorOptions } from './createWorkerExecutor.js';
import type { AgentFunction, ExecutionContext, ExecutionResult, Executor, Job } from './types.js';

/** Options of `createExecutor`. */
export interface CreateExecutorOptions {
  /**
   * JS functions by agent type, for agents with `executor: function` (library users only).
   * @default {}
   */
  functions?: Readonly<Record<string, AgentFunction>>;
  /** Passed to the worker executor. */
  worker?: WorkerExecutorOptions;
}

/**
 * The executor the runtime uses: dispatches each job by `job.kind` to the process, worker or
 * function executor, each created on first use (a plan without worker agents never starts
 * piscina). `close()` closes every executor created; later jobs are reported as `ABORTED`.
 *
 * @example
 * const executor = createExecutor({ functions: { summarize: async (input, ticket) => … } });
 * try { await executor.run(job, { signal }); } finally { await executor.close?.(); }
 */
export function createExecutor(options: CreateExecutorOptions = {}): Executor {
  let processExecutor: Executor | undefined;
  let workerExecutor: Executor | undefined;
  let functionExecutor: Executor | undefined;
  let closed = false;

  return {
    run(job: Job, ctx: ExecutionContext): Promise<ExecutionResult> {
      if (closed) {
        return Promise.resolve({
          ok: false,
          error: { code: 'ABORTED', message: 'aborted: the executor was closed', retryable: true },
          durationMs: 0,
        });
      }
      switch (job.kind) {
        case 'process':
          processExecutor ??= createProcessExecutor();
          return processExecutor.run(job, ctx);
        case 'worker':
          workerExecutor ??= createWorkerExecutor(options.worker);
          return workerExecutor.run(job, ctx);
        case 'function':
          functionExecutor ??= createFunctionExecutor(options.functions ?? {});
          return functionExecutor.run(job, ctx);
      }
    },
    async close() {
      closed = true;
      const created = [processExecutor, workerExecutor, functionExecutor].filter((e): e is Executor => e !== undefined);
      await Promise.all(created.map(async (executor) => executor.close?.()));
    },
  };
}
