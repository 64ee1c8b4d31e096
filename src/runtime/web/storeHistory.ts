/**
 * A ticket's transitions from the run store, for the dashboard's history of
 * a ticket: those from before the dashboard began watching (a resumed run's
 * earlier sessions, or a run `tpe monitor --web` joined half way). The
 * journal does not keep what caused a transition, so those steps have no
 * event name.
 */
import type { CompiledPlan } from '../../plan/types.js';
import type { TicketStep } from '../inspect/RunBoard.js';
import type { RunStore } from '../store/RunStore.js';

/**
 * @param before engine-clock time the dashboard began watching: later
 *   transitions it saw itself (and the journal may lag them).
 */
export function storeHistory(store: RunStore, runId: string, plan: () => CompiledPlan, before: number): (ticketId: string) => Promise<TicketStep[]> {
  return (ticketId) => {
    const index = plan().tickets.findIndex((t) => t.id === ticketId);
    if (index < 0) return Promise.resolve([]);
    const steps = store
      .ticketJournal(runId, index)
      .filter((row) => row.at < before)
      .map((row): TicketStep => ({ at: row.at, from: row.from, to: row.to, event: '', attempt: row.attempt, agentId: row.agentId }));
    return Promise.resolve(steps);
  };
}
