/** `KEY=value` strings of each base environment seen, built once (there is one per executor). */
const baseStrings = new WeakMap<object, { keys: Set<string>; strings: string[]; hasNul: boolean }>();

/** `KEY=value` strings of `base` overlaid with `extra`, and whether any holds a NUL byte. */
export function environmentStrings(base: Readonly<Record<string, string | undefined>>, extra: Readonly<Record<string, string>>): { strings: string[]; hasNul: boolean } {
  let known = baseStrings.get(base);
  if (known === undefined) {
    const entries = Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined);
    const strings = entries.map(([key, value]) => `${key}=${value}`);
    known = { keys: new Set(entries.map(([key]) => key)), strings, hasNul: strings.some((s) => s.includes('\0')) };
    baseStrings.set(base, known);
  }
  const added: string[] = [];
  let overrides = false;
  let hasNul = known.hasNul;
  for (const key in extra) {
    const value = extra[key] ?? '';
    if (known.keys.has(key)) overrides = true;
    if (key.includes('\0') || value.includes('\0')) hasNul = true;
    added.push(`${key}=${value}`);
  }
  if (!overrides) return { strings: known.strings.concat(added), hasNul };
  const kept = known.strings.filter((s) => !Object.hasOwn(extra, s.slice(0, s.indexOf('='))));
  return { strings: kept.concat(added), hasNul };
}
