import { makePlan } from '../../helpers/makePlan.js';

/** A → B → D is the critical path (5 + 10 + 1 s); A → C → D is shorter; E is done in the registry; F comes after E, softly. */
export const diamond = makePlan(
  [
    { id: 'A', estimateMs: 5000 },
    { id: 'B', agent: 'compute', estimateMs: 10_000, dependsOn: ['A'] },
    { id: 'C', estimateMs: 1000, dependsOn: ['A'] },
    { id: 'D', estimateMs: 1000, dependsOn: ['B', 'C'] },
    { id: 'E', registryStatus: 'completed', estimateMs: 1000 },
    { id: 'F', estimateMs: 1000, after: ['E'] },
  ],
  { agents: [{ name: 'shell', count: 2 }, { name: 'compute', count: 1 }] },
);
