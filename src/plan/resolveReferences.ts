import { didYouMean } from './didYouMean.js';
import type { TicketIndex } from './indexTickets.js';
import type { ProblemList } from './ProblemList.js';
import { registryOutcome } from './registryOutcome.js';
import type { IdRef, TicketDraft } from './TicketDraft.js';

/** Ticket references as indices into `TicketIndex.tickets`. */
export interface ResolvedReferences {
  dependsOn: number[][];
  after: number[][];
  /** Declared conflicts, made symmetric. */
  conflictsWith: number[][];
}

/** Unknown references get a "did you mean" this many times; beyond, the edit-distance scans are not worth it. */
const SUGGESTION_BUDGET = 50;
const KNOWN_SHOWN = 5;

/**
 * Resolves every `depends_on`, `after` and `conflicts_with` entry. An
 * unknown id is an UNKNOWN_TICKET problem at that entry. `outside` holds
 * tickets that exist but are not part of this plan (a seed plan runs only the
 * tickets of its groups): references to settled ones (completed, cancelled, …)
 * are dropped as satisfied, and so are soft references and conflicts; a hard
 * dependency on one that is still to do is a problem, since it would wait
 * forever. References to broken tickets (see `TicketDraft.broken`) are
 * dropped without a second problem.
 */
export function resolveReferences(index: TicketIndex, problems: ProblemList, outside?: ReadonlyMap<string, TicketDraft>): ResolvedReferences {
  const { tickets, byId } = index;
  let suggestions = SUGGESTION_BUDGET;
  const known = tickets.slice(0, KNOWN_SHOWN).map((t) => t.id);
  const knownText = `known: ${known.join(', ')}${tickets.length > KNOWN_SHOWN ? ', …' : ''}`;

  const resolve = (draft: TicketDraft, refs: readonly IdRef[], hard: boolean): number[] => {
    const out: number[] = [];
    for (const ref of refs) {
      const key = ref.id.toLowerCase();
      const target = byId.get(key);
      if (target !== undefined) {
        // A ticket that failed validation is reported already: a reference to it is not a second problem.
        if (!tickets[target]!.broken) out.push(target);
        continue;
      }
      const elsewhere = outside?.get(key);
      if (elsewhere !== undefined) {
        if (hard && !elsewhere.broken && registryOutcome(elsewhere.registryStatus) === undefined) {
          problems.error('UNKNOWN_TICKET', ref.doc ?? draft.doc, ref.path, `ticket "${elsewhere.id}" is not in any of the plan's groups, so this dependency would wait forever (add it to a group, or mark it completed)`);
        }
        continue;
      }
      const suggestion = suggestions-- > 0 ? didYouMean(ref.id, tickets.map((t) => t.id), { sameNumbers: true }) : undefined;
      const message = `unknown ticket "${ref.id}"${suggestion === undefined ? (tickets.length > 0 ? ` (${knownText})` : ' (there are no tickets)') : ''}`;
      problems.error('UNKNOWN_TICKET', ref.doc ?? draft.doc, ref.path, message, suggestion === undefined ? {} : { suggestion });
    }
    return out;
  };

  const dependsOn = tickets.map((draft) => unique(resolve(draft, draft.dependsOn, true)));
  const after = tickets.map((draft, i) => unique(resolve(draft, draft.after, false)).filter((j) => j !== i));
  const declared = tickets.map((draft) => resolve(draft, draft.conflictsWith, false));
  const conflictsWith: number[][] = tickets.map(() => []);
  declared.forEach((targets, i) => {
    for (const j of targets) {
      if (j === i) continue;
      conflictsWith[i]!.push(j);
      conflictsWith[j]!.push(i);
    }
  });
  return { dependsOn, after, conflictsWith: conflictsWith.map(unique) };
}

/** Sorted, without repeats. */
export function unique(values: readonly number[]): number[] {
  if (values.length < 2) return [...values];
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.filter((value, i) => i === 0 || value !== sorted[i - 1]);
}
