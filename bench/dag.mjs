// The seeded random DAG every contender runs: ticket i depends on up to two
// earlier tickets among the 50 before it (the shape of the anchors in FACTS.md).
export function mulberry32(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** @returns {number[][]} deps[i] = indices ticket i depends on */
export function randomDag(n, seed = 42) {
  const rand = mulberry32(seed);
  const deps = [];
  for (let i = 0; i < n; i++) {
    const d = [];
    const k = i === 0 ? 0 : Math.floor(rand() * 3);
    for (let j = 0; j < k; j++) {
      const x = Math.max(0, i - 1 - Math.floor(rand() * 50));
      if (!d.includes(x)) d.push(x);
    }
    deps.push(d);
  }
  return deps;
}
