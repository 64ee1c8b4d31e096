import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processLiveness } from '../../../src/runtime/recovery/processLiveness.js';
import { processStartTicks } from '../../../src/runtime/recovery/processStartTicks.js';

describe('processLiveness: only a provably dead owner is dead', () => {
  it('this process is alive; with another start time it is a different (dead) process', () => {
    const ticks = processStartTicks(process.pid);
    expect(processLiveness(process.pid, ticks)).toBe('alive');
    if (ticks !== undefined) expect(processLiveness(process.pid, ticks + 1)).toBe('dead');
    expect(processLiveness(0, undefined)).toBe('dead');
  });

  it('a stopped process is alive, a zombie and an exited one are dead', async () => {
    // `true` ends at once; its parent (exec'd into sleep) never reaps it: a zombie for a while.
    const child = spawn('/bin/sh', ['-c', 'true & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const zombie = await new Promise<number>((resolve) => child.stdout.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    await new Promise((r) => setTimeout(r, 100));
    expect(processLiveness(zombie, undefined)).toBe('dead');
    child.kill('SIGSTOP');
    expect(processLiveness(child.pid as number, processStartTicks(child.pid as number))).toBe('alive');
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(processLiveness(child.pid as number, undefined)).toBe('dead');
  });
});
