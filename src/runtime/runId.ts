import { randomBytes } from 'node:crypto';

/** A run id as the seed spells session ids: `exec_20261128-031207-a3f9`. */
export function newRunId(at: Date = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${at.getFullYear()}${p(at.getMonth() + 1)}${p(at.getDate())}-${p(at.getHours())}${p(at.getMinutes())}${p(at.getSeconds())}`;
  return `exec_${stamp}-${randomBytes(2).toString('hex')}`;
}
