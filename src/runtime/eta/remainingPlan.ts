/**
 * What is left of a run, as a plan of its own: the input of the ETA
 * simulation. Pure and linear in tickets + edges.
 */
import { BUSY_TICKET_STATES, FINAL_TICKET_STATES, type TicketState } from '../../machines/ticketMachine.js';
import type { CompiledPlan, CompiledTicket, Strategy } from '../../plan/types.js';
import { clampRatio } from './observedRatio.js';

/** Where a run stands, as the ETA needs it. Arrays are by ticket index of the full plan. */
export interface RunProgress {
  /** Each ticket's state now. */
  states: readonly TicketState[];
  /** Engine-clock start of each ticket's current attempt (read for running tickets only). */
  startedAt: ReadonlyArray<number | undefined>;
  /** Engine-clock time now. */
  now: number;
  /** Observed Σ actual ÷ Σ estimate (see `observedRatio`); every estimate is scaled by it. */
  actualToEstimate: number;
  /** The pool now: agents per type (live ones). @default the plan's counts */
  agents?: Readonly<Record<string, number>>;
  /** The strategy the run uses, when overridden on the command line. @default `plan.strategy` */
  strategy?: Strategy;
}

export type RemainingPlan =
  | {
      ok: true;
      /** Tickets not final and not doomed, re-indexed densely; estimates are what is left of each. */
      plan: CompiledPlan;
      /** Index in the full plan of each ticket of `plan`. */
      origin: Int32Array;
      /** Indices (in `plan`) of tickets running now: they hold agents, so they must start first. */
      running: number[];
      /** Agent counts for the simulation: the pool now, restricted to the plan's types. */
      agents: Record<string, number>;
      /** Tickets left out because they will not run: rolling back, or behind one that failed. */
      doomed: number;
    }
  /** Some ticket left needs an agent type that has no agent now: the run cannot finish as it is. */
  | { ok: false; agentType: string };

/**
 * The remaining sub-plan of a run:
 * - final tickets are gone; so are tickets that will never run (a ticket
 *   rolling back will fail, and whatever hard-depends on it, or on a ticket
 *   that failed, will be blocked);
 * - hard dependencies keep only remaining tickets (completed ones are met);
 * - each estimate (or the plan's default) is scaled by the observed ratio;
 *   a running ticket keeps `max(0, scaled − elapsed)`;
 * - held tickets count as if released: the ETA is for the whole plan;
 * - validation gates, rollbacks, retries and timeouts are dropped: the
 *   simulator gives gates no time, and the ratio already reflects retries.
 */
export function remainingPlan(plan: CompiledPlan, progress: RunProgress): RemainingPlan {
  const { tickets } = plan;
  const { states, now } = progress;
  const n = tickets.length;
  const ratio = clampRatio(progress.actualToEstimate);
  const stateOf = (i: number): TicketState => states[i] ?? 'waiting';
  const failedFinal = (s: TicketState) => FINAL_TICKET_STATES.has(s) && s !== 'completed';

  // Doomed: rolling back, or (transitively) behind a ticket that did not complete.
  const doomed = new Uint8Array(n);
  const seeds: number[] = [];
  for (let i = 0; i < n; i++) {
    const s = stateOf(i);
    if (FINAL_TICKET_STATES.has(s)) continue;
    if (s === 'rollingBack' || (tickets[i] as CompiledTicket).dependsOn.some((d) => failedFinal(stateOf(d)))) {
      doomed[i] = 1;
      seeds.push(i);
    }
  }
  if (seeds.length > 0) {
    const dependents: number[][] = Array.from({ length: n }, () => []);
    for (const t of tickets) for (const d of t.dependsOn) dependents[d]?.push(t.index);
    for (let k = 0; k < seeds.length; k++) {
      for (const j of dependents[seeds[k] as number] as number[]) {
        if (doomed[j] || FINAL_TICKET_STATES.has(stateOf(j))) continue;
        doomed[j] = 1;
        seeds.push(j);
      }
    }
  }

  // Dense re-indexing of what is left.
  const index = new Int32Array(n).fill(-1);
  const originList: number[] = [];
  let doomedCount = 0;
  for (let i = 0; i < n; i++) {
    if (FINAL_TICKET_STATES.has(stateOf(i))) continue;
    if (doomed[i]) {
      doomedCount++;
      continue;
    }
    index[i] = originList.length;
    originList.push(i);
  }
  const origin = Int32Array.from(originList);
  const keep = (xs: readonly number[]): number[] => {
    const out: number[] = [];
    for (const x of xs) {
      const j = index[x] ?? -1;
      if (j !== -1) out.push(j);
    }
    return out;
  };

  const running: number[] = [];
  const needed = new Set<string>();
  const sub: CompiledTicket[] = originList.map((i, j) => {
    const t = tickets[i] as CompiledTicket;
    const s = stateOf(i);
    const started = progress.startedAt[i];
    let estimateMs = Math.round((t.estimateMs ?? plan.defaultEstimateMs) * ratio);
    if (BUSY_TICKET_STATES.has(s)) {
      running.push(j);
      if (started !== undefined) estimateMs = Math.max(0, estimateMs - (now - started));
    }
    needed.add(t.agent);
    return {
      ...t,
      index: j,
      estimateMs,
      dependsOn: keep(t.dependsOn),
      after: keep(t.after),
      conflictsWith: keep(t.conflictsWith),
      // Conflicts are already compiled into conflictsWith: no glob matching again.
      files: [],
      validate: [],
      rollback: undefined,
      retries: 0,
      timeoutMs: Number.POSITIVE_INFINITY,
      // Registry status would mark a ticket settled at load: these all run.
      registryStatus: undefined,
    };
  });

  const agents: Record<string, number> = {};
  for (const a of plan.agents) {
    const count = Math.floor(progress.agents?.[a.name] ?? a.count);
    if (count >= 1) agents[a.name] = count;
    else if (needed.has(a.name)) return { ok: false, agentType: a.name };
  }
  const strategy = progress.strategy ?? plan.strategy;
  return { ok: true, plan: { ...plan, strategy, tickets: sub }, origin, running, agents, doomed: doomedCount };
}
