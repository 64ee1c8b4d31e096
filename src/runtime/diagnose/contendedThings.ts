/**
 * The conflicts, resources and isolated tickets that made tickets wait in a
 * run, with how long and who held them.
 */
import type { ConflictInfo } from '../../plan/analysisTypes.js';
import type { CompiledPlan } from '../../plan/types.js';
import { conflictPair, splitKey } from './contendedKey.js';
import type { ContendedThing, ReadyWait } from './diagnosisTypes.js';

/**
 * Sums the explained ready waits by what they waited on (see
 * `explainReadyWait` for how each moment is attributed). `waitedMs` adds up
 * every waiter's time, so two tickets waiting on one mutex for a minute
 * count two minutes. Largest first.
 *
 * @param conflicts the plan's conflicts (`PlanAnalysis.conflicts`), to tell a file conflict from a declared one
 */
export function contendedThings(plan: CompiledPlan, readyWaits: ReadonlyArray<ReadonlyMap<number, ReadyWait>>, conflicts: readonly ConflictInfo[]): ContendedThing[] {
  const indexOf = new Map(plan.tickets.map((t) => [t.id, t.index]));
  const things = new Map<string, ContendedThing>();
  const holdersOf = new Map<string, Set<number>>();
  const waitersOf = new Map<string, Set<number>>();
  readyWaits.forEach((waits, ticket) => {
    for (const wait of waits.values()) {
      for (const [key, { ms, holders }] of wait.byKey) {
        let thing = things.get(key);
        if (!thing) {
          thing = { key, ...describeKey(key, plan, conflicts, indexOf), waitedMs: 0, waiters: [], holders: [] };
          things.set(key, thing);
          holdersOf.set(key, new Set());
          waitersOf.set(key, new Set());
        }
        thing.waitedMs += ms;
        waitersOf.get(key)!.add(ticket);
        for (const h of holders) holdersOf.get(key)!.add(h);
      }
    }
  });
  const ids = (set: Set<number> | undefined) => [...(set ?? [])].sort((a, b) => a - b).map((i) => plan.tickets[i]?.id ?? `#${i}`);
  for (const thing of things.values()) {
    thing.waiters = ids(waitersOf.get(thing.key));
    thing.holders = ids(holdersOf.get(thing.key));
  }
  return [...things.values()].filter((t) => t.waitedMs > 0).sort((a, b) => b.waitedMs - a.waitedMs || (a.key < b.key ? -1 : 1));
}

function describeKey(
  key: string,
  plan: CompiledPlan,
  conflicts: readonly ConflictInfo[],
  indexOf: ReadonlyMap<string, number>,
): Pick<ContendedThing, 'kind' | 'label' | 'conflict'> {
  const [kind, rest] = splitKey(key);
  switch (kind) {
    case 'resource': {
      const capacity = Object.hasOwn(plan.resources, rest) ? plan.resources[rest]! : 1;
      return { kind: 'resource', label: `${rest} (${capacity === 1 ? 'mutex' : `capacity ${capacity}`})` };
    }
    case 'reserved':
      return { kind: 'reserved', label: `${rest} (reserved for a ticket that waited long)` };
    case 'conflict': {
      const pair = conflictPair(rest);
      if (!pair) return { kind: 'conflict', label: 'conflicts' };
      const [a, b] = pair;
      const ia = indexOf.get(a) ?? -1;
      const ib = indexOf.get(b) ?? -1;
      const info = conflicts.find((c) => c.tickets.length === 2 && c.tickets.includes(ia) && c.tickets.includes(ib));
      const files = info?.kind === 'file_conflict' ? info.files : undefined;
      const why = files ? `files ${files[0]} / ${files[1]}` : 'declared';
      return { kind: 'conflict', conflict: files ? 'file_conflict' : 'declared', label: `${a} ↔ ${b} (${why})` };
    }
    case 'isolation':
      return { kind: 'isolation', label: 'isolated tickets' };
    default:
      return { kind: 'concurrency', label: 'one ticket at a time (strategy sequential)' };
  }
}
