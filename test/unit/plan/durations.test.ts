import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration, parseSize } from '../../../src/plan/index.js';

const S = 1_000;
const M = 60 * S;
const H = 60 * M;

describe('parseDuration', () => {
  it.each([
    ['250ms', 250],
    ['90s', 90 * S],
    ['20m', 20 * M],
    ['1.5h', 1.5 * H],
    ['2 hours', 2 * H],
    ['30min', 30 * M],
    ['45min', 45 * M],
    ['45 minutes', 45 * M],
    ['2.5 hours', 2.5 * H],
    ['1 hour', H],
    ['1d', 24 * H],
    ['2 days', 48 * H],
    ['1w', 7 * 24 * H],
    ['6-8h', 7 * H],
    ['6h-8h', 7 * H],
    ['2 - 3 hours', 2.5 * H],
    ['1 to 2 days', 36 * H],
    ['2h 15m', 2 * H + 15 * M],
    ['1h30m', 90 * M],
    ['1 hour, 30 minutes', 90 * M],
    ['1.2s', 1_200],
    ['30MIN', 30 * M],
    ['2 Hours', 2 * H],
    ['  20m  ', 20 * M],
    ['0', 0],
    [0, 0],
    ['0s', 0],
  ] as const)('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([['5'], [5], ['1.5'], [''], ['soon'], ['2 fortnights'], ['-5m'], ['5m-'], ['8-6h'], ['h'], ['1.5.2h'], [Number.NaN], [Number.POSITIVE_INFINITY]] as const)(
    '%j is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );
});

describe('formatDuration', () => {
  it.each([
    [0, '0ms'],
    [850, '850ms'],
    [1_200, '1.2s'],
    [5 * S, '5s'],
    [59_960, '1m'],
    [90 * S, '1m 30s'],
    [20 * M, '20m'],
    [2 * H + 15 * M, '2h 15m'],
    [2 * H, '2h'],
    [27 * H, '1d 3h'],
    [-1_200, '-1.2s'],
    [Number.NaN, '?'],
  ])('%d ms reads %j', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('parses back to the rounded value', () => {
    for (const ms of [850, 1_200, 90 * S, 20 * M, 2 * H + 15 * M, 27 * H]) {
      expect(parseDuration(formatDuration(ms))).toBe(ms);
    }
  });
});

describe('parseSize', () => {
  it.each([
    ['256MB', 256 * 1024 ** 2],
    ['1GB', 1024 ** 3],
    ['1gb', 1024 ** 3],
    ['512MiB', 512 * 1024 ** 2],
    ['100k', 100 * 1024],
    ['1.5G', 1.5 * 1024 ** 3],
  ] as const)('%j is %d bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each([['256'], [256], ['lots'], ['1XB']] as const)('%j is not a size', (text) => {
    expect(parseSize(text)).toBeUndefined();
  });
});
