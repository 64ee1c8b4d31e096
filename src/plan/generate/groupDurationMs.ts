/**
 * How long a group takes with `agents` agents, when its tickets of one
 * type take `estimates`: the longest estimate when every ticket has an agent,
 * else the makespan of longest-first list scheduling (what a pool that
 * always hands the next ticket to the first idle agent achieves, within 4/3
 * of the best). Linear in tickets × agents, which stays small: a group is
 * never wider than its wave.
 */
export function groupDurationMs(estimates: readonly number[], agents: number): number {
  if (estimates.length === 0) return 0;
  const sorted = [...estimates].sort((a, b) => b - a);
  if (agents >= sorted.length) return sorted[0]!;
  const load = new Float64Array(Math.max(1, agents));
  for (const estimate of sorted) {
    let least = 0;
    for (let a = 1; a < load.length; a++) if (load[a]! < load[least]!) least = a;
    load[least] = load[least]! + estimate;
  }
  let longest = 0;
  for (const l of load) longest = Math.max(longest, l);
  return longest;
}
