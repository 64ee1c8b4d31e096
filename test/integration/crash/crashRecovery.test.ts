import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, crashAndResume } from './crashHarness.js';

describe('crash recovery (kill -9 of the engine, then tpe resume)', () => {
  it('completes every ticket exactly once, never before its dependencies, over 20 random kills, with a second resume racing the first', async () => {
    expect(existsSync(bin)).toBe(true);
    const outcomes = [];
    for (let seed = 1; seed <= 20; seed++) outcomes.push(await crashAndResume(seed, 200, { racerWithinMs: 300 }));
    const failures = outcomes.filter((o) => o.errors.length > 0);
    expect(failures).toEqual([]);
    // The kills must land mid-run for the test to mean anything: most runs were resumed, not restarted.
    expect(outcomes.filter((o) => o.path === 'resumed').length).toBeGreaterThanOrEqual(15);
  }, 300_000);
});
