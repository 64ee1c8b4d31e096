import { indexTickets, type TicketIndex } from './indexTickets.js';
import type { ProblemList } from './ProblemList.js';
import { reportCycles } from './reportCycles.js';
import { resolveReferences, type ResolvedReferences } from './resolveReferences.js';
import type { TicketDraft } from './TicketDraft.js';

/** Tickets that exist but are not linked into the plan. */
export interface GraphContext {
  /** Lower-cased id → a ticket outside the plan (see `resolveReferences`). */
  outside?: ReadonlyMap<string, TicketDraft>;
}

/**
 * The checks that need only tickets: duplicate ids, unknown references and
 * dependency cycles. Shared by plan compilation and `tpe check <folder>`.
 */
export function checkTicketGraph(drafts: readonly TicketDraft[], problems: ProblemList, context: GraphContext = {}): { index: TicketIndex; refs: ResolvedReferences } {
  const index = indexTickets(drafts, problems);
  const refs = resolveReferences(index, problems, context.outside);
  reportCycles(index, refs.dependsOn, problems);
  return { index, refs };
}
