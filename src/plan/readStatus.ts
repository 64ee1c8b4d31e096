/**
 * What a registry ticket's `status` says, as real registries write it:
 * `"✅ COMPLETED"`, `"⏳ PENDING"`, `"In Progress"`, `in_progress`, `done`,
 * `closed`, `planning`, `blocked`. Emoji, punctuation, case and the choice of
 * `-`, `_` or space between words are ignored; the words then map to one of
 * the statuses tpe knows. A status no word of which is known is `unknown`:
 * the loader warns with its location (it is never taken silently as "not
 * done"), and the ticket is treated as open.
 */
import { plainWords } from './plainWords.js';

/** The statuses tpe reads a registry in (SEED-WORLD.md's, plus what real registries use). */
export type KnownStatus = 'pending' | 'planning' | 'in-progress' | 'in-review' | 'blocked' | 'deferred' | 'completed' | 'resolved' | 'archived' | 'cancelled';

export type ReadStatus = { known: true; status: KnownStatus } | { known: false; words: string };

/** Spellings, once reduced to lower-case words joined by `-`. */
const SPELLINGS: ReadonlyMap<string, KnownStatus> = new Map([
  ...(['pending', 'todo', 'to-do', 'open', 'new', 'ready', 'not-started', 'backlog', 'queued'] as const).map((s) => [s, 'pending'] as const),
  ...(['planning', 'planned', 'draft', 'proposed'] as const).map((s) => [s, 'planning'] as const),
  ...(['in-progress', 'inprogress', 'wip', 'active', 'started', 'doing', 'ongoing', 'running'] as const).map((s) => [s, 'in-progress'] as const),
  ...(['in-review', 'review', 'reviewing'] as const).map((s) => [s, 'in-review'] as const),
  ...(['blocked', 'on-hold', 'waiting'] as const).map((s) => [s, 'blocked'] as const),
  ...(['deferred', 'postponed'] as const).map((s) => [s, 'deferred'] as const),
  ...(['completed', 'complete', 'done', 'closed', 'finished', 'merged', 'shipped'] as const).map((s) => [s, 'completed'] as const),
  ...(['resolved', 'fixed'] as const).map((s) => [s, 'resolved'] as const),
  ...(['archived'] as const).map((s) => [s, 'archived'] as const),
  ...(['cancelled', 'canceled', 'wontfix', 'won-t-fix', 'wont-fix', 'won-t-do', 'dropped', 'abandoned', 'rejected', 'obsolete', 'superseded'] as const).map((s) => [s, 'cancelled'] as const),
]);

export function readStatus(raw: string): ReadStatus {
  const words = plainWords(raw);
  const whole = SPELLINGS.get(words);
  if (whole) return { known: true, status: whole };
  // "Completed (2025-01-03)", "DONE - merged in #12": a known status as the first words decides.
  // Only at the start: "not done" and "partially completed" are not done.
  const parts = words.split('-');
  for (const span of [3, 2, 1]) {
    const found = SPELLINGS.get(parts.slice(0, span).join('-'));
    if (found) return { known: true, status: found };
  }
  return { known: false, words };
}
