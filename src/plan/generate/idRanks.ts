import type { CompiledTicket } from '../types.js';
import { compareIds } from './compareIds.js';

/**
 * Each ticket's position in id order (`compareIds`), so that the many sorts
 * of a generated plan (conflicts, group members) compare two integers
 * instead of splitting two ids: 100,000 file conflicts sort in milliseconds.
 */
export function idRanks(tickets: readonly CompiledTicket[]): Int32Array {
  const order = tickets.map((t) => t.index).sort((a, b) => compareIds(tickets[a]!.id, tickets[b]!.id) || a - b);
  const rank = new Int32Array(tickets.length);
  order.forEach((ticket, position) => {
    rank[ticket] = position;
  });
  return rank;
}
