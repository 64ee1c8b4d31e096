import { describe, expect, it } from 'vitest';
import { classifyProcessExit, type ProcessExit } from '../../src/actors/classifyProcessExit.js';
import { classifyWorkerRejection } from '../../src/actors/classifyWorkerRejection.js';
import { describeCommand } from '../../src/actors/describeCommand.js';

// The pure decisions behind the executors, for the cases real processes cannot produce on demand.
const base: ProcessExit = {
  command: { argv: ['x'] },
  exitCode: 0,
  signal: null,
  stoppedFor: undefined,
  timeoutMs: 5_000,
  noRetryExitCodes: [78],
  logFile: '/l.log',
  durationMs: 10,
};

describe('classifyProcessExit', () => {
  it('lets a stop we caused win over the exit status, even a clean one', () => {
    expect(classifyProcessExit({ ...base, stoppedFor: 'timeout', exitCode: 0 })).toMatchObject({
      ok: false,
      exitCode: 0,
      error: { code: 'TIMEOUT', message: 'timed out after 5s; process group killed' },
    });
    expect(classifyProcessExit({ ...base, stoppedFor: 'abort', abortReason: new DOMException('x', 'AbortError'), exitCode: null, signal: 'SIGTERM' }))
      .toMatchObject({ ok: false, signal: 'SIGTERM', error: { code: 'ABORTED', message: 'aborted; process group killed' } });
  });

  it('treats 127 as "not found" only for shell strings', () => {
    expect(classifyProcessExit({ ...base, command: { shell: 'x' }, exitCode: 127 })).toMatchObject({ error: { code: 'SPAWN_FAILED' } });
    expect(classifyProcessExit({ ...base, exitCode: 127 })).toMatchObject({ error: { code: 'EXIT_CODE', retryable: true } });
    expect(classifyProcessExit({ ...base, command: { shell: 'x' }, exitCode: 127, noRetryExitCodes: [127] })).toMatchObject({
      error: { code: 'NON_RETRYABLE' },
    });
  });
});

describe('classifyWorkerRejection', () => {
  it('names a missing memory limit and reports unknown thread failures as crashes', () => {
    const oom = Object.assign(new Error('oom'), { code: 'ERR_WORKER_OUT_OF_MEMORY' });
    expect(classifyWorkerRejection(oom, { module: '/m.mjs', memoryLimitMb: undefined }).message).toBe(
      "worker thread ran out of memory (no limit set, so V8's default heap size) running /m.mjs",
    );
    expect(classifyWorkerRejection(new Error('weird'), { module: '/m.mjs', memoryLimitMb: 64 })).toEqual({
      code: 'WORKER_CRASHED',
      message: 'worker thread failed while running /m.mjs: weird',
      retryable: true,
      agentCrashed: true,
    });
  });
});

describe('formatting', () => {
  it('quotes argv words only where a shell would need it', () => {
    expect(describeCommand({ argv: ['npm', 'test', '--', 'a b', "it's", ''] })).toBe(`npm test -- 'a b' 'it'\\''s' ''`);
    expect(describeCommand({ shell: 'npm test -- db' })).toBe('npm test -- db');
  });
});
