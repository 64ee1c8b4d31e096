// A unit of pure computation for the CPU benchmark: `iterations` rounds of an
// integer hash, calibrated by bench/cpu.mjs to take about 50 ms on this
// machine. Returns the hash so the work cannot be optimised away.
export default function spin(input) {
  const n = input?.iterations ?? 1_000_000;
  let h = 2166136261;
  for (let i = 0; i < n; i++) {
    h ^= i;
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}
