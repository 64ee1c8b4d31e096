import { readFileSync } from 'node:fs';

/**
 * The exit code an attempt's wrapper left behind (`exitFileWrapper.ts`), or undefined when it
 * did not finish, or was killed while writing it: only a whole line (digits and the newline
 * written with them) counts.
 */
export function readExitFile(path: string | undefined): number | undefined {
  if (!path) return undefined;
  try {
    const line = /^(\d+)\n$/.exec(readFileSync(path, 'utf8'));
    return line?.[1] === undefined ? undefined : Number(line[1]);
  } catch {
    return undefined;
  }
}
