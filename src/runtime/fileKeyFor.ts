import { createHash } from 'node:crypto';

/** Bytes left as they are in a file key; everything else is %XX-escaped (so `%` itself is too). */
const PLAIN = /^[A-Za-z0-9._-]$/;

const ALL_PLAIN = /^[A-Za-z0-9._-]*$/;

/** Encoded keys longer than this are shortened (a file name has 255 bytes; the key gets a suffix). */
const MAX_KEY = 160;
/** What a shortened key keeps of the encoding, before `~` and the hash. */
const HEAD = 64;

/**
 * The name a ticket's files carry (its logs, its exit files, later its worktree):
 * one name per id and one id per name, never two tickets in one file.
 *
 * The id is percent-encoded over UTF-8 with a small plain set, so `a/b`, `a_b`
 * and `a:b` are `a%2Fb`, `a_b` and `a%3Ab`, and ordinary ids (`SYS-015`) read as
 * themselves. An encoding too long for a file name keeps its first characters
 * and ends in `~` and 32 hex digits of the id's SHA-256: `~` is never part of
 * an encoding (it is escaped), so a shortened key cannot equal a whole one, and
 * two shortened keys are equal only if SHA-256 collides. Ids are unique without
 * regard to case, so keys stay distinct on case-insensitive file systems too.
 */
export function fileKeyFor(id: string): string {
  if (id.length <= MAX_KEY && ALL_PLAIN.test(id)) return id;
  // One piece per character, so that a shortened key ends between characters.
  const pieces: string[] = [];
  let length = 0;
  for (const ch of id) {
    const piece = PLAIN.test(ch) ? ch : [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    pieces.push(piece);
    length += piece.length;
  }
  if (length <= MAX_KEY) return pieces.join('');
  let head = '';
  for (const piece of pieces) {
    if (head.length + piece.length > HEAD) break;
    head += piece;
  }
  return `${head}~${createHash('sha256').update(id).digest('hex').slice(0, 32)}`;
}
