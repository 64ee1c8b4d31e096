import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** Where `findExecutable` found the program, or why not. */
export type FoundExecutable = { path: string } | { problem: 'missing' | 'not-executable' };

/**
 * The program `file` names, found as `execvp` (and so Node's spawn) finds it: a name
 * with a `/` relative to `cwd`, a bare name in each directory of `path` (the child's
 * PATH, not the engine's). The first regular file that is executable wins; one that
 * exists but is not executable is reported as such if nothing better is found.
 */
export function findExecutable(file: string, path: string | undefined, cwd: string): FoundExecutable {
  const candidates = file.includes('/')
    ? [isAbsolute(file) ? file : join(cwd, file)]
    : (path ?? '').split(delimiter).filter(Boolean).map((dir) => join(isAbsolute(dir) ? dir : join(cwd, dir), file));
  let found = false;
  for (const candidate of candidates) {
    try {
      // No exception for the usual miss: each would build an error with a stack.
      if (statSync(candidate, { throwIfNoEntry: false })?.isFile() !== true) continue;
      found = true;
      accessSync(candidate, constants.X_OK);
      return { path: candidate };
    } catch {
      /* next candidate */
    }
  }
  return { problem: found ? 'not-executable' : 'missing' };
}
