/**
 * A duration as a person writes it in a plan (`500ms`, `5s`, `1.5s`, `2m`, `2m30s`, `1h5m`), for
 * messages such as `timed out after 5s`.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)}ms`;
  // Round before picking the unit, so that 59.96 s reads `1m`, not `60s`.
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${tenths / 10}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return minutes > 0 ? `${hours}h${minutes}m` : `${hours}h`;
  return seconds > 0 ? `${minutes}m${seconds}s` : `${minutes}m`;
}
