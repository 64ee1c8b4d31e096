import { visibleLength } from './style.js';

/**
 * A plain text table in the seed's style:
 * `Agent ID     | Ticket      | Status`, a rule of `─` and `┼`, then rows.
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, c) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[c] ?? ''))));
  const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - visibleLength(s)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => pad(cell, widths[c] ?? 0)).join(' | ').trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
