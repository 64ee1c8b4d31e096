import { readFileSync } from 'node:fs';

/** The exit code an attempt's wrapper left behind, or undefined when it did not finish (or was killed). */
export function readExitFile(path: string | undefined): number | undefined {
  if (!path) return undefined;
  try {
    const text = readFileSync(path, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : undefined;
  } catch {
    return undefined;
  }
}
