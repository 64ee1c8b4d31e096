import type { Style } from './style.js';

/**
 * A bar of `width` cells, `█` for the done fraction and `░` for the rest:
 * `███░ ` for 3 of 4. A fraction above 0 never shows empty, below 1 never full.
 */
export function renderBar(done: number, total: number, width: number, style: Style): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  let filled = Math.round(fraction * width);
  if (fraction > 0 && filled === 0) filled = 1;
  if (fraction < 1 && filled === width) filled = width - 1;
  filled = Math.max(0, filled);
  const empty = width - filled;
  return (filled > 0 ? style.green('█'.repeat(filled)) : '') + (empty > 0 ? style.dim('░'.repeat(empty)) : '');
}
