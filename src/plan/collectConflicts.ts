import type { ConflictInfo } from './analysisTypes.js';
import { deriveFileConflicts, fileListsOf } from './deriveFileConflicts.js';
import type { CompiledPlan } from './types.js';

/**
 * Every reason two tickets must not overlap: declared pairs, pairs whose
 * affected files overlap, isolated tickets, and per resource the tickets
 * competing for it when their total demand exceeds its capacity (a resource
 * nobody declared counts as a mutex). A pair that is both declared and a file
 * overlap is listed as a file conflict, which says more.
 */
export function collectConflicts(plan: CompiledPlan): ConflictInfo[] {
  const { tickets } = plan;
  const n = tickets.length;
  const files = deriveFileConflicts(fileListsOf(tickets));
  const fileKeys = new Set(files.map(({ a, b }) => a * n + b));

  const pairs: ConflictInfo[] = files.map(({ a, b, files: overlapping }) => ({ kind: 'file_conflict', tickets: [a, b], files: overlapping }));
  tickets.forEach((ticket, i) => {
    for (const other of ticket.conflictsWith) {
      if (other <= i || other >= n || fileKeys.has(i * n + other)) continue;
      pairs.push({ kind: 'declared', tickets: [i, other] });
    }
  });
  pairs.sort((x, y) => x.tickets[0]! - y.tickets[0]! || x.tickets[1]! - y.tickets[1]!);

  const demand = new Map<string, { units: number; tickets: number[] }>();
  tickets.forEach((ticket, i) => {
    for (const [name, units] of Object.entries(ticket.resources)) {
      if (!(units > 0)) continue;
      const entry = demand.get(name) ?? { units: 0, tickets: [] };
      entry.units += units;
      entry.tickets.push(i);
      demand.set(name, entry);
    }
  });
  const contested: ConflictInfo[] = [];
  for (const [resource, { units, tickets: users }] of [...demand].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const capacity = Object.hasOwn(plan.resources, resource) ? plan.resources[resource]! : 1;
    if (units > capacity && users.length > 1) contested.push({ kind: 'resource_conflict', tickets: users, resource });
  }

  const isolated: ConflictInfo[] = [];
  tickets.forEach((ticket, i) => {
    if (ticket.isolated) isolated.push({ kind: 'isolated', tickets: [i] });
  });
  return [...pairs, ...contested, ...isolated];
}
