/**
 * Orders ticket ids the way people read them: case-insensitively, numbers by
 * value (`SYS-9` before `SYS-10`, `009` before `10`), without `Intl.Collator`,
 * whose result depends on the ICU data Node was built with: generated plans
 * must be the same bytes everywhere.
 *
 * The same rule as `compareTicketIds` of the registry writer, which lives in
 * `src/actors` where `src/plan` may not reach.
 */
export function compareIds(a: string, b: string): number {
  const ta = a.toLowerCase().split(/(\d+)/);
  const tb = b.toLowerCase().split(/(\d+)/);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i]!;
    const y = tb[i]!;
    if (x === y) continue;
    // Odd positions hold the digit runs; compared by value without Number(), which loses long runs.
    if (i % 2 === 1) {
      const vx = x.replace(/^0+(?=\d)/, '');
      const vy = y.replace(/^0+(?=\d)/, '');
      if (vx.length !== vy.length) return vx.length - vy.length;
      if (vx !== vy) return vx < vy ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}
