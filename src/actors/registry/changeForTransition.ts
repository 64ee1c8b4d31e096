import { formatDuration } from '../../plan/formatDuration.js';
import type { EngineEvent } from '../../runtime/events.js';
import { formatIsoSeconds } from './formatIsoSeconds.js';

type TicketTransition = Extract<EngineEvent, { type: 'ticket.transition' }>;

/** Status folders a ticket file can move to (`in-progress` also matches `in_progress/`). */
export type StatusFolder = 'in-progress' | 'completed' | 'blocked' | 'cancelled';

/** What a transition asks of a ticket file. */
export interface RegistryChange {
  /** Frontmatter keys to set; `undefined` removes the key. */
  fields: Record<string, string | undefined>;
  /** Keys of `fields` left alone when the file already has a value (`started`). */
  keep: readonly string[];
  /** The status folder the file belongs in now (used with `move`). */
  folder: StatusFolder | undefined;
}

/** What the sync remembers of a ticket between its transitions. */
export interface TicketMemory {
  /** When this run first started the ticket; `undefined` before that. */
  startedAt: Date | undefined;
}

/** Every frontmatter key the sync writes, in the order it adds them. */
export const SYNCED_KEYS = ['status', 'started', 'completed', 'actual_effort', 'blocked_reason'] as const;

/** Longest `blocked_reason` written: one readable line, not a stack trace. */
export const MAX_REASON_LENGTH = 200;

/**
 * Maps a ticket transition to the registry's vocabulary (SEED-WORLD.md
 * section 1), or `undefined` when the registry does not care:
 *  - first `executing` of the run: `status: in-progress`, `started` (an
 *    existing `started` is kept: the ticket may have been started by an
 *    earlier, interrupted run);
 *  - `completed`: `status: completed`, `completed`, `actual_effort` (from
 *    the first start in this run; left alone when the start was not seen);
 *  - `failed` or `blocked`: `status: blocked` (the seed has no `failed`) and
 *    a one-line `blocked_reason`: the error, or the dependency;
 *  - `cancelled`: `status: cancelled`.
 * A stale `blocked_reason` from an earlier run is removed when the ticket
 * starts or completes. A ticket that is completed or failed straight from
 * `waiting` did not run now: its outcome was set at load time (registry
 * status, a restored journal) and is not this run's to write.
 */
export function changeForTransition(event: TicketTransition, memory: TicketMemory, now: Date): RegistryChange | undefined {
  if ((event.to === 'completed' || event.to === 'failed') && event.from === 'waiting') return undefined;
  const at = formatIsoSeconds(now);
  switch (event.to) {
    case 'executing':
      if (memory.startedAt !== undefined) return undefined;
      return { fields: { status: 'in-progress', started: at, blocked_reason: undefined }, keep: ['started'], folder: 'in-progress' };
    case 'completed': {
      const fields: Record<string, string | undefined> = { status: 'completed', completed: at };
      if (memory.startedAt !== undefined) fields.actual_effort = formatDuration(Math.max(0, now.getTime() - memory.startedAt.getTime()));
      fields.blocked_reason = undefined;
      return { fields, keep: [], folder: 'completed' };
    }
    case 'failed':
      return blocked(`failed: ${event.error?.message ?? 'no error message'}`);
    case 'blocked':
      return blocked(event.reason === undefined ? 'a dependency did not complete' : `blocked by ${event.reason}`);
    case 'cancelled':
      return { fields: { status: 'cancelled' }, keep: [], folder: 'cancelled' };
    default:
      return undefined;
  }
}

function blocked(reason: string): RegistryChange {
  return { fields: { status: 'blocked', blocked_reason: oneLine(reason) }, keep: [], folder: 'blocked' };
}

/** Whitespace (newlines included) collapsed, trimmed, cut at {@link MAX_REASON_LENGTH} with an ellipsis. */
export function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= MAX_REASON_LENGTH ? flat : `${flat.slice(0, MAX_REASON_LENGTH - 1).trimEnd()}…`;
}

/** Two pending changes to one file as one: the later wins key by key, and its folder. */
export function mergeChanges(earlier: RegistryChange, later: RegistryChange): RegistryChange {
  return {
    fields: { ...earlier.fields, ...later.fields },
    keep: [...earlier.keep.filter((k) => !(k in later.fields)), ...later.keep],
    folder: later.folder ?? earlier.folder,
  };
}
