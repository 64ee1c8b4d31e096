/**
 * Kahn's algorithm over hard dependencies: a topological order (ties in
 * index order, so plan order is kept where dependencies allow) and each
 * ticket's depth (0 without dependencies, else one more than its deepest
 * dependency). Tickets caught in a cycle, which a compiled plan never has,
 * are appended in index order so that the result always covers every ticket.
 */
export function topologicalOrder(
  dependsOn: readonly (readonly number[])[],
  dependents: readonly (readonly number[])[],
): { order: number[]; depth: Int32Array } {
  const n = dependsOn.length;
  const waiting = new Int32Array(n);
  const depth = new Int32Array(n);
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    waiting[i] = dependsOn[i]!.length;
    if (waiting[i] === 0) order.push(i);
  }
  for (let head = 0; head < order.length; head++) {
    const ticket = order[head]!;
    for (const dependent of dependents[ticket]!) {
      if (depth[dependent]! < depth[ticket]! + 1) depth[dependent] = depth[ticket]! + 1;
      if (--waiting[dependent]! === 0) order.push(dependent);
    }
  }
  if (order.length < n) for (let i = 0; i < n; i++) if (waiting[i]! > 0) order.push(i);
  return { order, depth };
}
