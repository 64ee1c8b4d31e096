import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessExecutor } from '../../../src/actors/createProcessExecutor.js';
import { runGates } from '../../../src/actors/runGates.js';
import type { Executor, ProcessJob } from '../../../src/actors/types.js';
import type { GateSpec } from '../../../src/plan/types.js';
import { makeTempDir, processJob, quietContext } from './helpers.js';

let executor: Executor;
let dir: string;
let cleanup: () => void;

beforeAll(() => {
  executor = createProcessExecutor();
  ({ dir, cleanup } = makeTempDir());
});
afterAll(async () => {
  await executor.close?.();
  cleanup();
});

const gate = (name: string, timeoutMs = 10_000): GateSpec => ({ name, command: { shell: name }, timeoutMs });
const makeJob = (g: GateSpec, index: number): ProcessJob =>
  processJob(dir, { command: g.command, timeoutMs: g.timeoutMs, killGraceMs: 300, logFile: join(dir, 'gates', `gate-${index}.log`) });

describe('runGates', () => {
  it('runs every gate in order when all pass', async () => {
    const result = await runGates([gate('echo one'), gate('echo two')], makeJob, executor, quietContext());
    expect(result).toMatchObject({ ok: true });
    expect(readFileSync(join(dir, 'gates', 'gate-1.log'), 'utf8')).toContain('two\n');
  });

  it('stops at the first failing gate and names it', async () => {
    const ran: number[] = [];
    const tracking = (g: GateSpec, i: number) => (ran.push(i), makeJob(g, i));
    const result = await runGates([gate('true'), gate('exit 1'), gate('echo never')], tracking, executor, quietContext());
    expect(ran).toEqual([0, 1]);
    expect(result).toMatchObject({
      ok: false,
      exitCode: 1,
      error: { code: 'GATE_FAILED', message: `gate "exit 1" exited with code 1 (see ${join(dir, 'gates', 'gate-1.log')})`, retryable: true },
    });
  });

  it('keeps a gate’s "do not retry" and names a gate that timed out', async () => {
    const noRetry = await runGates([gate('exit 78')], makeJob, executor, quietContext());
    expect(noRetry).toMatchObject({ ok: false, error: { code: 'GATE_FAILED', retryable: false } });
    const slow = await runGates([gate('sleep 30', 200)], makeJob, executor, quietContext());
    expect(slow).toMatchObject({
      ok: false,
      error: { code: 'GATE_FAILED', message: 'gate "sleep 30" timed out after 200ms; process group killed', retryable: true },
    });
  });

  it('passes an abort through as ABORTED', async () => {
    const result = await runGates([gate('true')], makeJob, executor, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ ok: false, error: { code: 'ABORTED', message: 'aborted before gate "true"' } });
  });
});
