const MAX_TEXT = 40;

/**
 * A short rendering of an input value for the "found …" part of a problem:
 * `0`, `"20 mins"`, `a list`, `a mapping`, `nothing`. Long strings are cut,
 * so a megabyte of garbage never ends up in a message.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const text = value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
    return JSON.stringify(text);
  }
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}
