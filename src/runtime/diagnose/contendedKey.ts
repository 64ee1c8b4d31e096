/**
 * The keys of contended things (`ContendedThing.key`): `resource:database`,
 * `reserved:database`, `conflict:API ↔ UI`, `isolation`, `concurrency`.
 * Made and read here only, so that ticket ids with odd characters survive.
 */

const PAIR = ' ↔ ';

/** The key of the conflict between two tickets (ids in plan order). */
export function conflictKey(a: string, b: string): string {
  return `conflict:${a}${PAIR}${b}`;
}

/** A key's kind and what follows it: `['resource', 'database']`, `['conflict', 'API ↔ UI']`, `['isolation', '']`. */
export function splitKey(key: string): [kind: string, rest: string] {
  const colon = key.indexOf(':');
  return colon < 0 ? [key, ''] : [key.slice(0, colon), key.slice(colon + 1)];
}

/** The two ticket ids of a conflict key's rest, or undefined. */
export function conflictPair(rest: string): [string, string] | undefined {
  const at = rest.indexOf(PAIR);
  return at < 0 ? undefined : [rest.slice(0, at), rest.slice(at + PAIR.length)];
}
