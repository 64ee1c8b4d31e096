/**
 * `renderTable` that fits a width. When the natural table is too wide, it
 * first leaves out the columns the caller can spare (in the order given), as
 * long as the rest would not fit at a readable width; then the widest columns
 * give up a cell at a time (rightmost first, so ids on the left stay whole)
 * and their cells end in `…`.
 */
import { displayWidth, truncateToWidth } from './displayWidth.js';
import { renderTable } from './renderTable.js';

/** Colours a cell after it was cut (so that cutting never splits a colour code). */
export type PaintCell = (text: string, row: number, column: number) => string;

export interface FitOptions {
  paint?: PaintCell;
  /** Columns that may be left out, first to go first, when the others would not fit `readableWidth` wide each. */
  dropOrder?: readonly number[];
  /** Cells a column keeps before the table drops a column. @default 6 */
  readableWidth?: number;
}

/**
 * @param rows plain text cells (no colour codes: `paint` adds them); column
 *   indices passed to `paint` are those of `headers`, whatever was left out
 * @param width most cells a line may take; a column never shrinks below one cell
 */
export function renderFittedTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
  options: FitOptions = {},
): string {
  const natural = headers.map((h, c) => {
    let w = displayWidth(h);
    for (const r of rows) w = Math.max(w, displayWidth(r[c] ?? ''));
    return w;
  });
  const readable = options.readableWidth ?? 6;
  // ' | ' between columns.
  const span = (cols: readonly number[], w: (c: number) => number) => cols.reduce((a, c) => a + w(c), 0) + 3 * (cols.length - 1);
  let cols = headers.map((_, c) => c);
  for (const drop of options.dropOrder ?? []) {
    if (span(cols, (c) => Math.min(natural[c] as number, readable)) <= width) break;
    if (cols.length > 1) cols = cols.filter((c) => c !== drop);
  }
  const widths = [...natural];
  let excess = span(cols, (c) => natural[c] as number) - width;
  while (excess > 0) {
    let widest = -1;
    for (const c of cols) if ((widths[c] as number) > 1 && (widest === -1 || (widths[c] as number) >= (widths[widest] as number))) widest = c;
    if (widest === -1) break;
    widths[widest] = (widths[widest] as number) - 1;
    excess--;
  }
  const cut = (s: string, c: number) => truncateToWidth(s, widths[c] as number);
  const paint = options.paint;
  return renderTable(
    cols.map((c) => cut(headers[c] as string, c)),
    rows.map((r, ri) => cols.map((c) => (paint ? paint(cut(r[c] ?? '', c), ri, c) : cut(r[c] ?? '', c)))),
  );
}
