import { UsageError } from '../errors.js';

/** Agent counts to simulate: one configuration per entry, each a count per agent type. */
export type AgentSweep = Array<Record<string, number>>;

/**
 * `--agents` of `tpe simulate`:
 * - `1..16`: every agent type with k agents, for k from 1 to 16;
 * - `shell=1..8`: only `shell` swept, the other types as in the plan;
 * - `shell=4,compute=2`: one configuration;
 * - absent: 1..16 for every type.
 */
export function parseAgentSweep(value: string | undefined, types: readonly { name: string; count: number }[]): AgentSweep {
  const base = Object.fromEntries(types.map((t) => [t.name, t.count]));
  const text = (value ?? '1..16').trim();
  const range = (r: string, flag: string): number[] => {
    const m = /^(\d+)(?:\.\.(\d+))?$/.exec(r);
    if (!m) throw new UsageError(`--agents ${flag}: expected a count or a range such as 1..16`);
    const lo = Number(m[1]);
    const hi = m[2] === undefined ? lo : Number(m[2]);
    if (lo < 1 || hi < lo || hi > 256) throw new UsageError(`--agents ${flag}: expected 1 ≤ from ≤ to ≤ 256`);
    return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
  };
  if (!text.includes('=')) return range(text, text).map((k) => Object.fromEntries(types.map((t) => [t.name, k])));
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  let sweep: AgentSweep = [{ ...base }];
  for (const part of parts) {
    const m = /^([A-Za-z0-9_.-]+)=(.+)$/.exec(part);
    if (!m) throw new UsageError(`--agents "${part}": expected type=count or type=from..to`);
    const [, name, r] = m as unknown as [string, string, string];
    if (!(name in base)) throw new UsageError(`--agents ${part}: unknown agent type "${name}" (known: ${Object.keys(base).join(', ')})`);
    const counts = range(r, part);
    sweep = sweep.flatMap((config) => counts.map((k) => ({ ...config, [name]: k })));
  }
  return sweep;
}
