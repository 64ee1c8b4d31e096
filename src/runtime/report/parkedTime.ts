/**
 * The seed's `conflict_resolution_time` of a recorded run, counted as the
 * engine counts it at the end of a run (so that the report and the run's own
 * summary print the same number).
 */
import type { RecordedRun } from '../diagnose/diagnosisTypes.js';

/**
 * Σ over parked periods: from the moment dispatch first passed a ready ticket
 * over for a conflict, a resource or isolation (the store's wait row, written
 * once per period) to that ticket's next start. A period that never ended in
 * a start (the run stopped, crashed, or is still live) is not counted, as the
 * engine does not count it either.
 *
 * This is narrower than the diagnosis's conflict and resource waits, which
 * also charge conflicts to tickets that waited while every agent was busy.
 */
export function parkedTime(run: Pick<RecordedRun, 'journal' | 'waits'>): number {
  const starts = new Map<number, number[]>();
  for (const r of run.journal) {
    if (r.to !== 'executing' || r.from !== 'ready') continue;
    const list = starts.get(r.ticket) ?? [];
    list.push(r.at);
    starts.set(r.ticket, list);
  }
  let total = 0;
  for (const w of run.waits) {
    // The first start at or after the wait row: the one that ended this period.
    let start = Number.POSITIVE_INFINITY;
    for (const at of starts.get(w.ticket) ?? []) if (at >= w.at && at < start) start = at;
    if (Number.isFinite(start)) total += start - w.at;
  }
  return total;
}
