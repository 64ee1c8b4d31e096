import { describe, expect, it } from 'vitest';
import { compilePlan, findCycles } from '../../../src/plan/index.js';
import { rendered } from './helpers.js';

describe('findCycles', () => {
  it('finds none in a DAG', () => {
    expect(findCycles([[], [0], [0, 1], [2]])).toEqual([]);
  });
  it('finds a self-loop (length 1)', () => {
    expect(findCycles([[], [1]])).toEqual([[1]]);
  });
  it('finds a cycle of length 2', () => {
    expect(findCycles([[1], [0]])).toEqual([[0, 1]]);
  });
  it('finds a cycle of length n, starting at its lowest index, following dependencies', () => {
    // 0 → 3 → 2 → 1 → 0
    expect(findCycles([[3], [0], [1], [2], [0]])).toEqual([[0, 3, 2, 1]]);
  });
  it('finds two separate cycles, one per component', () => {
    expect(findCycles([[1], [0], [], [4], [5], [3], [5]])).toEqual([
      [0, 1],
      [3, 4, 5],
    ]);
  });
  it('reports one shortest cycle per strongly connected component', () => {
    // 0 ⇄ 1 and 1 → 2 → 0: one component, the shortest cycle through 0 is 0 → 1 → 0
    expect(findCycles([[1], [0, 2], [0]])).toEqual([[0, 1]]);
  });
  it('handles a 100,000-long chain and a 100,000-long cycle without recursion', () => {
    const n = 100_000;
    const chain = Array.from({ length: n }, (_, i) => (i === 0 ? [] : [i - 1]));
    expect(findCycles(chain)).toEqual([]);
    const ring = Array.from({ length: n }, (_, i) => [(i + 1) % n]);
    const [cycle] = findCycles(ring);
    expect(cycle).toHaveLength(n);
    expect(cycle![0]).toBe(0);
  });
});

describe('CYCLE problems in a compiled plan', () => {
  const compile = (tickets: object[]) => rendered(compilePlan({ tickets }, { file: 'plan.yaml', baseDir: '/tmp' }), '/');

  it('renders each cycle with ids, at the first ticket’s dependency entry', () => {
    expect(
      compile([
        { id: 'A', run: 'x', depends_on: ['Z', 'B'] },
        { id: 'B', run: 'x', depends_on: ['A'] },
        { id: 'Z', run: 'x' },
      ]),
    ).toEqual(['plan.yaml:1:1 tickets[0].depends_on[1]: dependency cycle: A → B → A']);
  });

  it('never counts soft dependencies', () => {
    expect(
      compile([
        { id: 'A', run: 'x', after: ['B'] },
        { id: 'B', run: 'x', depends_on: ['A'] },
      ]),
    ).toEqual([]);
  });
});
