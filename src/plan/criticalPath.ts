/**
 * Longest estimated path from the start of each ticket to the end of the
 * plan, the ticket included: the rank dispatch uses (critical path first).
 * One pass in reverse topological order.
 */
export function remainingTimes(order: readonly number[], dependents: readonly (readonly number[])[], estimates: Float64Array): Float64Array {
  const remaining = new Float64Array(estimates.length);
  for (let k = order.length - 1; k >= 0; k--) {
    const ticket = order[k]!;
    let longest = 0;
    for (const dependent of dependents[ticket]!) if (remaining[dependent]! > longest) longest = remaining[dependent]!;
    remaining[ticket] = estimates[ticket]! + longest;
  }
  return remaining;
}

/**
 * The estimate-weighted critical path: from the ticket with the longest
 * remaining time, follow the dependent with the longest remaining time.
 * Ties go to the lower index.
 */
export function criticalPath(remaining: Float64Array, dependents: readonly (readonly number[])[]): { tickets: number[]; totalMs: number } {
  let start = -1;
  for (let i = 0; i < remaining.length; i++) if (start === -1 || remaining[i]! > remaining[start]!) start = i;
  if (start === -1) return { tickets: [], totalMs: 0 };
  const tickets = [start];
  for (let current = start; ; ) {
    let next = -1;
    for (const dependent of dependents[current]!) {
      if (next === -1 || remaining[dependent]! > remaining[next]! || (remaining[dependent] === remaining[next] && dependent < next)) next = dependent;
    }
    if (next === -1) break;
    tickets.push(next);
    current = next;
  }
  return { tickets, totalMs: remaining[start]! };
}
