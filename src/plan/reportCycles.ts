import { findCycles } from './findCycles.js';
import type { TicketIndex } from './indexTickets.js';
import type { ProblemList } from './ProblemList.js';

/**
 * One CYCLE problem per dependency cycle (`SYS-1 → MOD-2 → SYS-1`), located
 * at the dependency entry of the cycle's first ticket that starts it. Soft
 * dependencies never count.
 *
 * @returns whether any cycle was found
 */
export function reportCycles(index: TicketIndex, dependsOn: readonly (readonly number[])[], problems: ProblemList): boolean {
  const cycles = findCycles(dependsOn);
  for (const cycle of cycles) {
    const first = index.tickets[cycle[0]!]!;
    const next = index.tickets[cycle[1] ?? cycle[0]!]!;
    const entry = first.dependsOn.find((ref) => ref.id.toLowerCase() === next.id.toLowerCase());
    const names = [...cycle, cycle[0]!].map((i) => index.tickets[i]!.id);
    const message = cycle.length === 1 ? `ticket depends on itself: ${names.join(' → ')}` : `dependency cycle: ${names.join(' → ')}`;
    problems.error('CYCLE', first.doc, entry?.path ?? first.path, message);
  }
  return cycles.length > 0;
}
