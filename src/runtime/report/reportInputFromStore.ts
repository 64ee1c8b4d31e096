/** What a report is made of, read from the run store. */
import type { RunRecord, RunStore } from '../store/RunStore.js';
import { recordedRunFromStore, ticketDetailsFromStore } from '../store/recordedRunFromStore.js';
import type { ReportInput } from './reportTypes.js';

/**
 * The recorded run (as of `now` when live, see `recordedRunFromStore`) with
 * each ticket's last error, reason and log file.
 */
export function reportInputFromStore(store: RunStore, record: RunRecord, options: { live: boolean; now: number }): ReportInput {
  const run = recordedRunFromStore(store, record, options);
  return { run, planFile: record.planFile, tickets: ticketDetailsFromStore(store, record.id, run.plan.tickets.length), generatedAt: options.now };
}
