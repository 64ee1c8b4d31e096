import { dirname, isAbsolute, relative } from 'node:path';
import type { ProblemList } from './ProblemList.js';
import type { TicketDraft } from './TicketDraft.js';

/** Tickets that survived duplicate detection, and their case-insensitive index. */
export interface TicketIndex {
  tickets: TicketDraft[];
  /** Lower-cased id → position in `tickets`. */
  byId: Map<string, number>;
}

/**
 * Indexes tickets by id, case-insensitively (the seed writes `SYS-015` and
 * `sys-015` for the same ticket). A later duplicate is reported where it is
 * written, naming where the first one is, and left out.
 */
export function indexTickets(drafts: readonly TicketDraft[], problems: ProblemList): TicketIndex {
  const tickets: TicketDraft[] = [];
  const byId = new Map<string, number>();
  for (const draft of drafts) {
    const key = draft.id.toLowerCase();
    const first = byId.get(key);
    if (first !== undefined) {
      const original = tickets[first]!;
      const { line, col } = original.doc.locate(original.idPath);
      const where = original.doc.file === draft.doc.file ? `line ${line}, column ${col}` : `${fileFrom(draft.doc.file, original.doc.file)}:${line}:${col}`;
      problems.error('DUPLICATE_ID', draft.doc, draft.idPath, `duplicate ticket id "${draft.id}" (first defined at ${where})`);
      continue;
    }
    byId.set(key, tickets.length);
    tickets.push(draft);
  }
  return { tickets, byId };
}

/** `other` as seen from `file`'s folder (`../pending/SYS-1.md`), when both are real paths. */
function fileFrom(file: string, other: string): string {
  return isAbsolute(file) && isAbsolute(other) ? relative(dirname(file), other) : other;
}
