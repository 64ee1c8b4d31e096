import { readFileSync } from 'node:fs';

/**
 * The exit code an attempt's wrapper left behind (`exitFileWrapper.ts`), or undefined when it
 * did not finish, or was killed while writing it, or the file is another attempt's: only a
 * whole line (the code, the tag, and the newline written with them) whose tag is `tag` counts.
 */
export function readExitFile(path: string | undefined, tag: string): number | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  const line = /^(\d+) ([^\n]*)\n$/.exec(text);
  if (line?.[1] === undefined || line[2] !== tag) return undefined;
  return Number(line[1]);
}
