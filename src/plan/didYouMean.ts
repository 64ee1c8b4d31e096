import { editDistance } from './editDistance.js';

/** Options of {@link didYouMean}. */
export interface DidYouMeanOptions {
  /**
   * Only suggest candidates with the same numbers (leading zeros aside): for
   * ticket ids, `SYS-2` may be a typo of `SYS-02`, but `SYS-99` is another
   * ticket than `SYS-01`, however close the spelling.
   * @default false
   */
  sameNumbers?: boolean;
}

/**
 * The candidate closest to `word` (case-insensitive edit distance, adjacent
 * swaps counting one), if it is close enough to be a likely typo: one edit
 * per four characters, at least one, never the whole word (`B` is no typo of
 * `A`). Ties go to the earlier candidate.
 *
 * @example didYouMean('depends-on', ['depends_on', 'after']) // 'depends_on'
 */
export function didYouMean(word: string, candidates: Iterable<string>, options: DidYouMeanOptions = {}): string | undefined {
  const target = word.toLowerCase();
  const max = Math.min(Math.max(1, Math.floor(target.length / 4)), target.length - 1);
  const numbers = options.sameNumbers ? numbersIn(target) : undefined;
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    if (numbers !== undefined && numbersIn(candidate) !== numbers) continue;
    const distance = editDistance(target, candidate.toLowerCase(), bestDistance - 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
      if (distance === 0) break;
    }
  }
  return best;
}

/** `SYS-015b2` → `15,2`. */
function numbersIn(text: string): string {
  return (text.match(/\d+/g) ?? []).map((digits) => String(Number(digits))).join(',');
}
