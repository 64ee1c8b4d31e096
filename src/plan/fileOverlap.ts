import picomatch from 'picomatch';
import { posix } from 'node:path';

/** A file pattern prepared for overlap tests. */
export interface FilePattern {
  /** Normalised text: no leading `./`, no doubled `/`, a trailing `/` read as `dir/**`. */
  text: string;
  isGlob: boolean;
  /** Path segments before the first wildcard (for a literal path: all of them). */
  base: readonly string[];
}

/**
 * Prepares an affected-files entry for overlap tests; `undefined` for
 * entries that claim nothing (empty, or a `!negation`).
 */
export function toFilePattern(pattern: string): FilePattern | undefined {
  let text = pattern.trim().replace(/\/{2,}/g, '/');
  while (text.startsWith('./')) text = text.slice(2);
  if (text.endsWith('/')) text += '**';
  if (text === '' || text === '.' || text.startsWith('!')) return undefined;
  const scan = picomatch.scan(text);
  if (!scan.isGlob) {
    const literal = posix.normalize(text);
    return { text: literal, isGlob: false, base: segments(literal) };
  }
  return { text, isGlob: true, base: segments(scan.base) };
}

function segments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '' && segment !== '.');
}

const matchers = new Map<string, (path: string) => boolean>();

/** Whether `glob` matches `literal`; a glob picomatch cannot compile matches everything (conservative). */
export function globMatches(glob: string, literal: string): boolean {
  let matcher = matchers.get(glob);
  if (matcher === undefined) {
    try {
      matcher = picomatch(glob, { dot: true });
    } catch {
      matcher = () => true;
    }
    // A bounded cache: plans reuse a few patterns many times.
    if (matchers.size > 10_000) matchers.clear();
    matchers.set(glob, matcher);
  }
  return matcher(literal);
}

/**
 * Whether two affected-files entries may touch a common file. Conservative:
 * never misses a real overlap, may report one that cannot happen.
 *  - two literal paths overlap iff they are equal (after normalising `./`);
 *  - a literal and a glob overlap iff the glob matches the literal;
 *  - two globs overlap iff one's static prefix (the folders before the first
 *    wildcard) is a prefix of the other's.
 */
export function fileOverlap(a: string, b: string): boolean {
  const p = toFilePattern(a);
  const q = toFilePattern(b);
  if (p === undefined || q === undefined) return false;
  return patternsOverlap(p, q);
}

export function patternsOverlap(p: FilePattern, q: FilePattern): boolean {
  if (!p.isGlob && !q.isGlob) return p.text === q.text;
  if (!p.isGlob) return globMatches(q.text, p.text);
  if (!q.isGlob) return globMatches(p.text, q.text);
  const shorter = p.base.length <= q.base.length ? p.base : q.base;
  const longer = shorter === p.base ? q.base : p.base;
  return shorter.every((segment, i) => segment === longer[i]);
}
