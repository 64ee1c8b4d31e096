import { parse, stringify } from 'yaml';

/** How an existing value was quoted, so a rewrite can keep the author's style. */
export type ScalarStyle = 'plain' | 'single' | 'double';

/**
 * Writes `value` as a one-line YAML scalar that reads back as the same
 * string: plain when that is safe (`in-progress`, `1h 5m`,
 * `2025-08-18T10:00:00Z`), double-quoted otherwise (`"a: b"`, `"#x"`,
 * `"true"`, `"a\nb"`). Plain values that a YAML 1.1 reader (PyYAML, js-yaml
 * 3) would take for a boolean, a number or null (`yes`, `on`, `1_000`) are
 * quoted too, since other tools read these files; timestamps stay plain as
 * the seed writes them (`completed: 2025-08-17`).
 *
 * `style` asks for the quoting the replaced value had (`status: "pending"`
 * stays double-quoted); a value that cannot be written in that style falls
 * back to the safe choice.
 */
export function formatYamlScalar(value: string, style: ScalarStyle = 'plain'): string {
  if (style === 'double') return JSON.stringify(value);
  if (style === 'single' && !/[\n\r]/.test(value)) return `'${value.replaceAll("'", "''")}'`;
  // lineWidth 0: never fold; blockQuote false: never a `|` block that would span lines.
  const out = stringify(value, { lineWidth: 0, blockQuote: false }).replace(/\n$/, '');
  if (!/[\n\r]/.test(out) && readsBackAsString(out, value)) return out;
  return JSON.stringify(value);
}

function readsBackAsString(text: string, value: string): boolean {
  if (parse(text) !== value) return false;
  // Quoted output is unambiguous in every YAML version.
  if (text.startsWith('"') || text.startsWith("'")) return true;
  const asYaml11 = parse(text, { version: '1.1' }) as unknown;
  return asYaml11 === value || asYaml11 instanceof Date;
}
