import { findExecutable, type FoundExecutable } from './findExecutable.js';

/** Programs found, by PATH, cwd and name. */
const lookups = new Map<string, string>();
const MAX_LOOKUPS = 1024;

/**
 * `findExecutable`, remembered: each lookup is a `stat` per PATH directory before the one
 * that has the program (seven for `true` with this machine's PATH), for every attempt. Only
 * hits are kept; a miss is looked up every time. `fresh` looks again and replaces what was
 * kept: for a program found before that has since failed to start.
 */
export function lookUpExecutable(file: string, path: string | undefined, cwd: string, fresh: boolean): FoundExecutable {
  const key = `${path ?? ''}\0${cwd}\0${file}`;
  const known = fresh ? undefined : lookups.get(key);
  if (known !== undefined) return { path: known };
  const found = findExecutable(file, path, cwd);
  if ('path' in found) {
    if (lookups.size >= MAX_LOOKUPS) lookups.clear();
    lookups.set(key, found.path);
  } else {
    lookups.delete(key);
  }
  return found;
}
