import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExecutor } from '../../../src/actors/createExecutor.js';
import { makeTempDir, processJob, quietContext, ticket, workerJob } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = makeTempDir()));
afterAll(() => cleanup());

describe('createExecutor', () => {
  it('dispatches process, worker and function jobs, then closes them all', async () => {
    const executor = createExecutor({ functions: { triple: (input) => (input as number) * 3 } });
    const logFile = join(dir, 'facade.log');
    expect(await executor.run(processJob(dir, { command: { argv: ['echo', 'from a process'] }, logFile }), quietContext())).toMatchObject({ ok: true });
    expect(readFileSync(logFile, 'utf8')).toContain('from a process\n');
    expect(await executor.run(workerJob('succeed.mjs', { input: { n: 5 } }), quietContext())).toMatchObject({ ok: true, output: { doubled: 10 } });
    expect(await executor.run({ kind: 'function', agent: 'triple', input: 5, ticket, timeoutMs: 1_000 }, quietContext())).toMatchObject({
      ok: true,
      output: 15,
    });
    await executor.close?.();
    expect(await executor.run(workerJob('succeed.mjs', { input: { n: 5 } }), quietContext())).toMatchObject({ ok: false, error: { code: 'ABORTED' } });
  });

  it('without functions, a function job fails clearly', async () => {
    const executor = createExecutor();
    const result = await executor.run({ kind: 'function', agent: 'x', input: null, ticket, timeoutMs: 1_000 }, quietContext());
    expect(result).toMatchObject({ ok: false, error: { code: 'SPAWN_FAILED', retryable: false } });
    await executor.close?.();
  });
});
