/**
 * YAML text for generated plans, written by hand rather than by
 * `yaml.stringify`: the seed's layout (`- { group_id: 1, tickets: [SYS-015] }`,
 * one entry a line, never folded) cannot be asked of the library, and the
 * output must be the same bytes for the same plan.
 */
import { parse } from 'yaml';

/** Words a YAML 1.1 reader (or a person) takes for something other than text. */
const RESERVED = /^(?:true|false|null|yes|no|on|off|y|n|~)$/i;
/** Text that reads the same unquoted in block and flow context. */
const PLAIN = /^[A-Za-z0-9_./+-][A-Za-z0-9_./+ -]*$/;
/** A flow value longer than this is written as a block (settings only: plan entries are one line each). */
const FLOW_WIDTH = 100;

export type YamlValue = string | number | boolean | null | undefined | readonly YamlValue[] | { readonly [key: string]: YamlValue };

/** One scalar: plain when that reads back as the same string, else double-quoted (JSON escapes are YAML's). */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : JSON.stringify(String(value));
  if (PLAIN.test(value) && !value.endsWith(' ') && !RESERVED.test(value)) {
    // Numbers (`1.5`, `009`, `1e3`) would come back as numbers.
    if (!/^[0-9.+-]/.test(value) || parse(value) === value) return value;
  }
  return JSON.stringify(value);
}

/** A value on one line: `[a, b]`, `{ k: v, … }`. `undefined` entries of a mapping are left out. */
export function yamlFlow(value: YamlValue): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return yamlScalar(value);
  if (Array.isArray(value)) return `[${(value as readonly YamlValue[]).map(yamlFlow).join(', ')}]`;
  const entries = Object.entries(value as Record<string, YamlValue>).filter(([, v]) => v !== undefined);
  return entries.length === 0 ? '{}' : `{ ${entries.map(([k, v]) => `${yamlScalar(k)}: ${yamlFlow(v)}`).join(', ')} }`;
}

/**
 * `key: value` lines at `indent` spaces: short, flat values on one line in
 * flow style (as the seed writes its settings), longer or nested ones as
 * blocks. Comments given in `comments` (by key) are written above their key.
 */
export function yamlBlock(value: { readonly [key: string]: YamlValue }, indent = 0, comments: Readonly<Record<string, readonly string[]>> = {}): string[] {
  const pad = ' '.repeat(indent);
  const lines: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    for (const comment of Object.hasOwn(comments, key) ? comments[key]! : []) lines.push(`${pad}# ${comment}`);
    const head = `${pad}${yamlScalar(key)}:`;
    if (fitsOnOneLine(v, head.length)) {
      lines.push(`${head} ${yamlFlow(v)}`);
    } else if (Array.isArray(v)) {
      lines.push(head);
      for (const item of v as readonly YamlValue[]) lines.push(`${pad}  - ${yamlFlow(item)}`);
    } else {
      lines.push(head, ...yamlBlock(v as Record<string, YamlValue>, indent + 2));
    }
  }
  return lines;
}

function fitsOnOneLine(value: YamlValue, used: number): boolean {
  if (value === null || value === undefined || typeof value !== 'object') return true;
  const nested = Array.isArray(value) ? (value as readonly YamlValue[]) : Object.values(value as Record<string, YamlValue>);
  const flat = nested.every((v) => v === null || v === undefined || typeof v !== 'object' || (Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object')));
  return flat && used + 1 + yamlFlow(value).length <= FLOW_WIDTH;
}
