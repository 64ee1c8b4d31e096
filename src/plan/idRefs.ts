import type { Path } from './formatPath.js';
import type { IdRef } from './TicketDraft.js';

/**
 * Pairs parsed ids with the path each was written at: `base[i]` for a list,
 * `base` itself when a single id was given instead of a list.
 */
export function idRefs(ids: readonly string[], raw: unknown, base: Path): IdRef[] {
  return ids.map((id, i) => ({ id, path: Array.isArray(raw) ? [...base, i] : base }));
}
