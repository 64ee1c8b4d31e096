/**
 * Orders ticket ids the way people read them: case-insensitively, numbers by
 * value (`SYS-9` before `SYS-10`, `009` before `10`). Written out rather than
 * `Intl.Collator`, whose result depends on the ICU data Node was built with:
 * the summary page must be the same bytes everywhere.
 */
export function compareTicketIds(a: string, b: string): number {
  const ta = a.toLowerCase().split(/(\d+)/);
  const tb = b.toLowerCase().split(/(\d+)/);
  for (let i = 0; i < Math.min(ta.length, tb.length); i++) {
    const x = ta[i] as string;
    const y = tb[i] as string;
    if (x === y) continue;
    // Odd positions hold the digit runs.
    if (i % 2 === 1) {
      // By value without Number(): digit runs may be longer than a double holds.
      const vx = x.replace(/^0+(?=\d)/, '');
      const vy = y.replace(/^0+(?=\d)/, '');
      if (vx.length !== vy.length) return vx.length - vy.length;
      if (vx !== vy) return vx < vy ? -1 : 1;
      return x.length - y.length; // `9` before `09`
    }
    return x < y ? -1 : 1;
  }
  return ta.length - tb.length || (a < b ? -1 : a > b ? 1 : 0);
}
