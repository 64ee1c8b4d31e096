/** Shared helpers of the registry tests: fixture paths and a "changed only these keys" check. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { parse } from 'yaml';
import { splitFrontmatter } from '../../../src/plan/splitFrontmatter.js';

export const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'registry');

export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, 'frontmatter', name), 'utf8');
}

/** The frontmatter as data (`{}` when there is none). */
export function frontmatterOf(text: string): Record<string, unknown> {
  const split = splitFrontmatter(text);
  return split.kind === 'frontmatter' ? ((parse(split.yaml) as Record<string, unknown> | null) ?? {}) : {};
}

/** Lines of `text` with their line endings, minus top-level lines of `keys` in the frontmatter. */
function otherLines(text: string, keys: readonly string[]): string[] {
  const lines = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  let inFrontmatter = false;
  let fence = 0;
  return lines.filter((line) => {
    if (/^---\s*$/.test(line)) {
      fence++;
      inFrontmatter = fence === 1;
      return true;
    }
    return !(inFrontmatter && keys.some((k) => line.startsWith(`${k}:`)));
  });
}

/**
 * `after` differs from `before` only in the top-level `keys`: as data (the
 * parsed frontmatter, every other key equal) and as bytes (removing the
 * lines of those keys from both leaves identical text).
 */
export function expectOnlyKeysChanged(before: string, after: string, keys: readonly string[]): void {
  const a = frontmatterOf(before);
  const b = frontmatterOf(after);
  for (const k of keys) {
    delete a[k];
    delete b[k];
  }
  expect(b).toEqual(a);
  expect(otherLines(after, keys).join('')).toBe(otherLines(before, keys).join(''));
}
