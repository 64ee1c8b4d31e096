/**
 * Short human durations for dashboards and reports: `850ms`, `1.2s`,
 * `2m 30s`, `2h 15m`, `1d 3h`. The output parses back with `parseDuration`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1_000) return `${Math.round(ms)}ms`;
  // Round first and then pick the unit, so that 59.96s reads `1m`, not `60s`.
  const tenthsOfSecond = Math.round(ms / 100);
  if (tenthsOfSecond < 600) return `${tenthsOfSecond / 10}s`;
  const seconds = Math.round(ms / 1_000);
  if (seconds < 3_600) return pair(Math.floor(seconds / 60), 'm', seconds % 60, 's');
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1_440) return pair(Math.floor(minutes / 60), 'h', minutes % 60, 'm');
  const hours = Math.round(ms / 3_600_000);
  return pair(Math.floor(hours / 24), 'd', hours % 24, 'h');
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit} ${minor}${minorUnit}`;
}
