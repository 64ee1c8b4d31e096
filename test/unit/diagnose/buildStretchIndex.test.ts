import { describe, expect, it } from 'vitest';
import { buildStretchIndex } from '../../../src/runtime/diagnose/index.js';

const iv = (ticket: number, from: number, to: number, weight = 1) => ({ ticket, from, to, weight });

describe('buildStretchIndex', () => {
  // Two agents: full while two tickets run.
  const full = buildStretchIndex([iv(0, 0, 100), iv(1, 0, 50), iv(2, 50, 120), iv(3, 150, 200)], 1);

  it('covers the time the level exceeds the limit; a hand-over splits a stretch, each named by whose end closed it', () => {
    expect(full.between(0, 1000)).toEqual([
      { from: 0, to: 50, closer: 1 },
      { from: 50, to: 100, closer: 0 },
    ]);
  });

  it('measures coverage of any window in O(log n)', () => {
    expect(full.within(0, 1000)).toBe(100);
    expect(full.within(25, 75)).toBe(50);
    expect(full.within(90, 300)).toBe(10);
    expect(full.within(100, 150)).toBe(0);
    expect(full.count(40, 60)).toBe(2);
    expect(full.count(100, 200)).toBe(0);
  });

  it('finds the last stretch ending in a window', () => {
    expect(full.lastEndIn(0, 99)).toEqual({ from: 0, to: 50, closer: 1 });
    expect(full.lastEndIn(0, 100)).toEqual({ from: 50, to: 100, closer: 0 });
    expect(full.lastEndIn(100, 500)).toBeUndefined();
  });

  it('weights units: a resource of capacity 3, a ticket needing 2 waits while more than 1 unit is held', () => {
    const index = buildStretchIndex([iv(0, 0, 100, 1), iv(1, 20, 60, 1)], 3 - 2);
    expect(index.between(0, 100)).toEqual([{ from: 20, to: 60, closer: 1 }]);
  });
});
