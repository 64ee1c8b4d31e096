/**
 * A recorded run, indexed once for the questions `diagnose` asks of it: who
 * was busy when, how full each agent pool and resource was, what the
 * dispatcher recorded about each wait.
 */
import type { CompiledPlan } from '../../plan/types.js';
import { buildStretchIndex, type StretchIndex, type WeightedInterval } from './buildStretchIndex.js';
import { busyIntervals } from './busyIntervals.js';
import type { BusyInterval, TicketTimeline, WaitRow } from './diagnosisTypes.js';

export interface RunIndex {
  plan: CompiledPlan;
  timelines: readonly TicketTimeline[];
  /** Every attempt's hold on an agent, by start. */
  intervals: readonly BusyInterval[];
  /** The same, per ticket. */
  byTicket: readonly (readonly BusyInterval[])[];
  /**
   * Agents per type: the plan's count, or more when more were seen busy at
   * once (a pool grown with `adjust` while the run ran).
   */
  poolSize: ReadonlyMap<string, number>;
  /** Every agent of the type busy. */
  agentsFull(type: string): StretchIndex;
  /** Something running (what an isolated ticket, or `--strategy sequential`, waits out). */
  anyRunning(): StretchIndex;
  /** An isolated ticket running. */
  isolatedRunning(): StretchIndex;
  /** Too few units of `resource` free for a ticket needing `units`. */
  resourceFull(resource: string, units: number): StretchIndex;
  /** Recorded waits of a ticket, oldest first. */
  waitsOf(ticket: number): readonly WaitRow[];
  /** Capacity of a resource (an undeclared one is a mutex, as in dispatch). */
  capacity(resource: string): number;
}

export function indexRun(plan: CompiledPlan, timelines: readonly TicketTimeline[], waits: readonly WaitRow[]): RunIndex {
  const intervals = busyIntervals(plan, timelines);
  const byTicket: BusyInterval[][] = plan.tickets.map(() => []);
  for (const iv of intervals) byTicket[iv.ticket]!.push(iv);
  const waitsBy = new Map<number, WaitRow[]>();
  for (const w of waits) {
    const list = waitsBy.get(w.ticket);
    if (list) list.push(w);
    else waitsBy.set(w.ticket, [w]);
  }

  const poolSize = new Map<string, number>(plan.agents.map((a) => [a.name, a.count]));
  const types = new Set(intervals.map((iv) => iv.agentType));
  for (const type of types) {
    const seen = maxConcurrent(intervals.filter((iv) => iv.agentType === type));
    poolSize.set(type, Math.max(poolSize.get(type) ?? 0, seen));
  }

  const unit = (iv: BusyInterval): WeightedInterval => ({ from: iv.from, to: iv.to, weight: 1, ticket: iv.ticket });
  const cache = new Map<string, StretchIndex>();
  const cached = (key: string, build: () => StretchIndex) => {
    let index = cache.get(key);
    if (!index) {
      index = build();
      cache.set(key, index);
    }
    return index;
  };
  const capacity = (resource: string) => (Object.hasOwn(plan.resources, resource) ? plan.resources[resource]! : 1);

  return {
    plan,
    timelines,
    intervals,
    byTicket,
    poolSize,
    agentsFull: (type) =>
      cached(`agent:${type}`, () => buildStretchIndex(intervals.filter((iv) => iv.agentType === type).map(unit), (poolSize.get(type) ?? 1) - 1)),
    anyRunning: () => cached('any', () => buildStretchIndex(intervals.map(unit), 0)),
    isolatedRunning: () => cached('isolated', () => buildStretchIndex(intervals.filter((iv) => plan.tickets[iv.ticket]!.isolated).map(unit), 0)),
    resourceFull: (resource, units) =>
      cached(`resource:${units}:${resource}`, () => {
        const held: WeightedInterval[] = [];
        for (const iv of intervals) {
          const weight = plan.tickets[iv.ticket]!.resources[resource] ?? 0;
          if (weight > 0) held.push({ from: iv.from, to: iv.to, weight, ticket: iv.ticket });
        }
        return buildStretchIndex(held, capacity(resource) - units);
      }),
    waitsOf: (ticket) => waitsBy.get(ticket) ?? [],
    capacity,
  };
}

/** Most intervals open at once (ends before starts at equal times). */
function maxConcurrent(intervals: readonly BusyInterval[]): number {
  const events: Array<[number, number]> = [];
  for (const iv of intervals) if (iv.to > iv.from) events.push([iv.from, 1], [iv.to, -1]);
  events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let level = 0;
  let max = 0;
  for (const [, d] of events) max = Math.max(max, (level += d));
  return max;
}
