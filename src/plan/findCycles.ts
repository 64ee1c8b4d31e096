/**
 * Cycles among hard dependencies: one per strongly connected component with
 * more than one ticket, plus one per self-loop. Each cycle is returned as the
 * tickets along it, starting at the component's lowest index and following
 * `edges` (ticket → what it depends on), without repeating the first at the
 * end; a shortest such cycle through that ticket.
 *
 * Tarjan's algorithm with an explicit stack: a 100,000-ticket chain must not
 * overflow the call stack. O(tickets + edges).
 */
export function findCycles(edges: readonly (readonly number[])[]): number[][] {
  const n = edges.length;
  const order = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const nextEdge = new Int32Array(n);
  const componentStack: number[] = [];
  const callStack: number[] = [];
  const cycles: number[][] = [];
  let counter = 0;

  const enter = (v: number): void => {
    order[v] = low[v] = counter++;
    componentStack.push(v);
    onStack[v] = 1;
    callStack.push(v);
  };

  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    enter(root);
    while (callStack.length > 0) {
      const v = callStack[callStack.length - 1]!;
      const out = edges[v]!;
      if (nextEdge[v]! < out.length) {
        const w = out[nextEdge[v]!++]!;
        if (w < 0 || w >= n) continue;
        if (order[w] === -1) enter(w);
        else if (onStack[w]) low[v] = Math.min(low[v]!, order[w]!);
        continue;
      }
      callStack.pop();
      const parent = callStack[callStack.length - 1];
      if (parent !== undefined) low[parent] = Math.min(low[parent]!, low[v]!);
      if (low[v] !== order[v]) continue;
      const component: number[] = [];
      let w: number;
      do {
        w = componentStack.pop()!;
        onStack[w] = 0;
        component.push(w);
      } while (w !== v);
      // A loop, not Math.min(...component): a 100,000-ticket component would overflow the argument limit.
      if (component.length > 1) cycles.push(cycleThrough(component.reduce((a, b) => (b < a ? b : a)), new Set(component), edges));
      else if (out.includes(v)) cycles.push([v]);
    }
  }
  return cycles.sort((a, b) => a[0]! - b[0]!);
}

/** A shortest cycle from `start` back to itself inside its component (breadth-first). */
function cycleThrough(start: number, component: ReadonlySet<number>, edges: readonly (readonly number[])[]): number[] {
  const parent = new Map<number, number>([[start, -1]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const u = queue[head]!;
    for (const w of edges[u]!) {
      if (w === start) {
        const path: number[] = [];
        for (let x = u; x !== -1; x = parent.get(x)!) path.push(x);
        return path.reverse();
      }
      if (component.has(w) && !parent.has(w)) {
        parent.set(w, u);
        queue.push(w);
      }
    }
  }
  return [start]; // unreachable: a component always has a cycle through each member
}
