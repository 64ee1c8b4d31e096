import type { ConflictInfo } from '../analysisTypes.js';
import { toFilePattern } from '../fileOverlap.js';
import type { CompiledPlan } from '../types.js';
import type { GeneratedConflict, SeedConflictType } from './types.js';

const TYPE_ORDER: readonly SeedConflictType[] = ['file_conflict', 'resource_conflict', 'declared_conflict', 'isolation'];

/**
 * The `conflicts:` of a generated plan, in the seed's words: overlapping
 * affected files (`file_conflict`, with the overlapping entries: one entry
 * lists every ticket naming the same path, which keeps a 10,000-ticket plan
 * readable and well under the loader's 10 MB; glob overlaps, which are not
 * transitive, stay pairs), declared
 * pairs (`declared_conflict`), isolated tickets (`isolation`), and tickets
 * contending for a mutex (`resource_conflict`, `mutex_coordination`).
 *
 * A resource of capacity above 1 is not listed: the seed compiler reads
 * every entry as "never together" for each pair of its tickets, which for a
 * shared pool (`api-quota: 3`) would be stricter than the plan; the
 * recommendations mention it instead. Sorted by type, then ticket ids
 * (`rank`: see `idRanks`).
 */
export function describeConflicts(plan: CompiledPlan, conflicts: readonly ConflictInfo[], rank: Int32Array): GeneratedConflict[] {
  const out: { conflict: GeneratedConflict; ranks: number[] }[] = [];
  // Tickets naming the same literal path all conflict with each other: one entry for the path, not one per pair.
  const sharing = new Map<string, Set<number>>();
  const push = (conflict: Omit<GeneratedConflict, 'tickets'>, tickets: readonly number[]): void => {
    const ordered = [...tickets].sort((a, b) => rank[a]! - rank[b]!);
    const ranks = ordered.map((i) => rank[i]!);
    out.push({ conflict: { ...conflict, tickets: ordered.map((i) => plan.tickets[i]!.id) } as GeneratedConflict, ranks });
  };
  for (const conflict of conflicts) {
    switch (conflict.kind) {
      case 'file_conflict': {
        const [a, b] = conflict.files ?? [];
        if (a !== undefined && a === b && toFilePattern(a)?.isGlob === false) {
          const holders = sharing.get(a) ?? new Set<number>();
          for (const t of conflict.tickets) holders.add(t);
          sharing.set(a, holders);
        } else {
          push({ type: 'file_conflict', files: a === undefined ? [] : b === undefined || a === b ? [a] : [a, b], resolution: 'sequential_execution' }, conflict.tickets);
        }
        break;
      }
      case 'declared':
        push({ type: 'declared_conflict', resolution: 'sequential_execution' }, conflict.tickets);
        break;
      case 'isolated':
        push({ type: 'isolation', resolution: 'sequential_execution' }, conflict.tickets);
        break;
      case 'resource_conflict': {
        const resource = conflict.resource ?? '';
        const capacity = Object.hasOwn(plan.resources, resource) ? plan.resources[resource]! : 1;
        if (capacity === 1) push({ type: 'resource_conflict', resource, resolution: 'mutex_coordination' }, conflict.tickets);
        break;
      }
    }
  }
  for (const [file, holders] of sharing) push({ type: 'file_conflict', files: [file], resolution: 'sequential_execution' }, [...holders]);
  out.sort((x, y) => TYPE_ORDER.indexOf(x.conflict.type) - TYPE_ORDER.indexOf(y.conflict.type) || compareRanks(x.ranks, y.ranks));
  return out.map((entry) => entry.conflict);
}

function compareRanks(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}
