/** Elapsed time as `mm:ss.t` (or `h:mm:ss` past an hour), for line prefixes. */
export function formatClock(ms: number): string {
  const total = Math.max(0, ms);
  const h = Math.floor(total / 3_600_000);
  const m = Math.floor((total % 3_600_000) / 60_000);
  const s = (total % 60_000) / 1000;
  const p2 = (n: number) => String(n).padStart(2, '0');
  if (h > 0) return `${h}:${p2(m)}:${p2(Math.floor(s))}`;
  return `${p2(m)}:${s.toFixed(1).padStart(4, '0')}`;
}
