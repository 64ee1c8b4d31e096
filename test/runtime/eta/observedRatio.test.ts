import { describe, expect, it } from 'vitest';
import { MAX_ACTUAL_TO_ESTIMATE, MIN_ACTUAL_TO_ESTIMATE, clampRatio, observedRatio } from '../../../src/runtime/eta/index.js';

describe('observedRatio', () => {
  it('is 1 when nothing completed with an estimate', () => {
    expect(observedRatio([])).toBe(1);
    expect(observedRatio([{ busyMs: 5000, state: 'completed' }])).toBe(1);
    expect(observedRatio([{ estimateMs: 1000, busyMs: 5000, state: 'executing' }])).toBe(1);
  });

  it('is Σ actual ÷ Σ estimate over completed tickets with an estimate', () => {
    expect(
      observedRatio([
        { estimateMs: 1000, busyMs: 3000, state: 'completed' },
        { estimateMs: 3000, busyMs: 5000, state: 'completed' },
        { busyMs: 100_000, state: 'completed' },
        { estimateMs: 1000, busyMs: 100_000, state: 'failed' },
        { estimateMs: 0, busyMs: 100_000, state: 'completed' },
      ]),
    ).toBe(2);
  });

  it('is clamped', () => {
    expect(observedRatio([{ estimateMs: 1, busyMs: 1_000_000, state: 'completed' }])).toBe(MAX_ACTUAL_TO_ESTIMATE);
    expect(observedRatio([{ estimateMs: 1_000_000, busyMs: 1, state: 'completed' }])).toBe(MIN_ACTUAL_TO_ESTIMATE);
    expect(clampRatio(Number.NaN)).toBe(1);
    expect(clampRatio(-3)).toBe(1);
    expect(clampRatio(0.5)).toBe(0.5);
  });
});
