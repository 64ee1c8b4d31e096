import { UsageError } from '../errors.js';

/**
 * Parses `--agents shell=4,compute=2` (the flag may also repeat) into counts.
 */
export function parseAgents(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const value of values) {
    for (const part of value.split(',')) {
      const item = part.trim();
      if (item === '') continue;
      const m = /^([A-Za-z0-9_.-]+)=(\d+)$/.exec(item);
      if (!m) throw new UsageError(`--agents "${item}": expected type=count, e.g. --agents shell=4,compute=2`);
      const count = Number(m[2]);
      if (count < 1) throw new UsageError(`--agents "${item}": the count must be at least 1`);
      out[m[1] as string] = count;
    }
  }
  return out;
}
