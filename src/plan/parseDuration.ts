/**
 * Human durations as the seed writes them (`2 hours`, `30min`, `6-8h`) and as
 * plans write them (`250ms`, `1.5h`), in milliseconds.
 */

const MS_PER_UNIT: ReadonlyMap<string, number> = new Map(
  (
    [
      [1, ['ms', 'msec', 'msecs', 'millisecond', 'milliseconds']],
      [1_000, ['s', 'sec', 'secs', 'second', 'seconds']],
      [60_000, ['m', 'min', 'mins', 'minute', 'minutes']],
      [3_600_000, ['h', 'hr', 'hrs', 'hour', 'hours']],
      [86_400_000, ['d', 'day', 'days']],
      [604_800_000, ['w', 'wk', 'wks', 'week', 'weeks']],
    ] as const
  ).flatMap(([ms, names]) => names.map((name) => [name, ms] as const)),
);

const NUMBER = String.raw`\d+(?:\.\d+)?`;
const UNIT = '[a-z]+';
/** `6-8h`, `6h-8h`, `2 - 3 hours`, `2 to 3 hours`: the midpoint counts. */
const RANGE = new RegExp(`^(${NUMBER})\\s*(${UNIT})?\\s*(?:-|–|to)\\s*(${NUMBER})\\s*(${UNIT})$`);
/** One `<number><unit>` term of a compound duration such as `2h 15m` or `1 hour 30 minutes`. */
const TERM = new RegExp(`(${NUMBER})\\s*(${UNIT})\\s*,?\\s*`, 'y');
const BARE_NUMBER = new RegExp(`^${NUMBER}$`);

/**
 * Parses a duration into milliseconds (rounded to a whole millisecond).
 *
 * Accepts a number and a unit (`250ms`, `90s`, `20m`, `1.5h`, `2 hours`,
 * `30min`, `45 minutes`, `1d`, `1w`), compounds (`2h 15m`, the output of
 * `formatDuration`), and ranges (`6-8h`, whose midpoint is taken). Case does
 * not matter. A bare number is rejected unless it is 0, because `timeout: 5`
 * is ambiguous (seconds? minutes?): callers hint "add a unit".
 *
 * @returns the duration in ms, or `undefined` when `text` is not a duration.
 * @example parseDuration('6-8h') // 25_200_000
 */
export function parseDuration(text: string | number): number | undefined {
  if (typeof text === 'number') return text === 0 ? 0 : undefined;
  if (typeof text !== 'string') return undefined;
  const s = text.trim().toLowerCase();
  if (s === '') return undefined;
  if (BARE_NUMBER.test(s)) return Number(s) === 0 ? 0 : undefined;

  const range = RANGE.exec(s);
  if (range) {
    const [, low, lowUnit, high, highUnit] = range;
    const highMs = termMs(high, highUnit);
    const lowMs = termMs(low, lowUnit ?? highUnit);
    if (lowMs === undefined || highMs === undefined || lowMs > highMs) return undefined;
    return Math.round((lowMs + highMs) / 2);
  }

  let total = 0;
  TERM.lastIndex = 0;
  while (TERM.lastIndex < s.length) {
    const term = TERM.exec(s);
    if (!term) return undefined;
    const ms = termMs(term[1], term[2]);
    if (ms === undefined) return undefined;
    total += ms;
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

function termMs(value: string | undefined, unit: string | undefined): number | undefined {
  if (value === undefined || unit === undefined) return undefined;
  const perUnit = MS_PER_UNIT.get(unit);
  return perUnit === undefined ? undefined : Number(value) * perUnit;
}
