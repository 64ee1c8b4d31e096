/** A seeded random number generator in [0, 1) (mulberry32). */
export function mulberry32(seed: number): () => number;
/** `deps[i]`: the tickets ticket `i` depends on, in the seeded random DAG every contender runs. */
export function randomDag(n: number, seed?: number): number[][];
