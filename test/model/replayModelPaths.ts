import { expect, it } from 'vitest';
import { MAX_SIMPLE_PATHS, type ModelPath } from './paths.js';

/** What `ticketPaths`, `agentPaths` and `runPaths` return. */
export interface ModelPaths<TSnap, TEvent> {
  shortest: Array<ModelPath<TSnap, TEvent>>;
  simple: Array<ModelPath<TSnap, TEvent>>;
  simpleTotal: number;
}

/**
 * The tests every model file declares inside its `describe`: there are paths, the simple
 * ones are bounded only by MAX_SIMPLE_PATHS, and each path is one test replaying it.
 */
export function replayModelPaths<TSnap, TEvent>(paths: ModelPaths<TSnap, TEvent>, replay: (mp: ModelPath<TSnap, TEvent>) => Promise<void>): void {
  const { shortest, simple, simpleTotal } = paths;
  it('has paths to replay', () => {
    expect(shortest.length).toBeGreaterThan(0);
    expect(simple.length).toBe(Math.min(simpleTotal, MAX_SIMPLE_PATHS));
  });
  it.each(shortest.map((p) => [p.description || '(initial)', p] as const))('shortest: %s', async (_d, mp) => {
    await replay(mp);
  });
  it.each(simple.map((p) => [p.description, p] as const))('simple: %s', async (_d, mp) => {
    await replay(mp);
  });
}
