const UNITS = [
  { ms: 3_600_000, one: 'hour', many: 'hours' },
  { ms: 60_000, one: 'minute', many: 'minutes' },
  { ms: 1_000, one: 'second', many: 'seconds' },
] as const;

/**
 * A duration in the seed's style (`estimated_duration: "8 hours"`,
 * `total_duration: "6.5 hours"`): one unit, the largest that gives at least
 * 1, with up to two decimals (`2.25 hours`, `45 minutes`, `1.5 seconds`).
 * Chosen over `formatDuration`'s `2h 15m` because generated plans are read
 * beside the seed's own; `parseDuration` reads both back.
 *
 * @example formatSeedDuration(8_100_000) // '2.25 hours'
 */
export function formatSeedDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '0 seconds';
  for (const unit of UNITS) {
    // Rounded first, so that 59.999 minutes reads `1 hour`, not `60 minutes`.
    const value = Math.round((ms / unit.ms) * 100) / 100;
    if (value >= 1 || unit.ms === 1_000) {
      if (value === 0 && ms > 0) return `${Math.round(ms)} milliseconds`;
      return `${value} ${value === 1 ? unit.one : unit.many}`;
    }
  }
  return '0 seconds';
}
