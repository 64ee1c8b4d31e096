/**
 * The dispatch policy: given the ready tickets in rank order and what is free,
 * which tickets start now and on which agent type. Pure: it reads its inputs,
 * returns a decision, and mutates nothing; the coordinator commits the result.
 *
 * Rules (DESIGN.md, Scheduling):
 * - a ticket starts only if an agent of its type is idle, every resource unit
 *   it needs is free (all or nothing, so no lock-order deadlock), no running
 *   ticket conflicts with it, and isolation is respected;
 * - candidates are examined in rank order (priority class, then critical path,
 *   then age), so a lower-ranked ticket only overtakes one that cannot start;
 * - aging: a ticket overtaken `agingLimit` times on a resource reserves that
 *   resource (nobody ranked below it may take it) until it starts; an isolated
 *   ticket overtaken that often drains the pool.
 */
import type { WaitReason } from './waitReason.js';

/** What the policy needs to know of a ticket. */
export interface DispatchTicket {
  index: number;
  /** Compared lexicographically, lower first (see `rankTicket`). */
  rank: readonly number[];
  agent: string;
  /** Units of each resource it holds while running, as pairs (no object walk on the hot path). */
  needs: ReadonlyArray<readonly [resource: string, units: number]>;
  conflictsWith: readonly number[];
  isolated: boolean;
  /** How many times lower-ranked tickets started while this one waited on a resource or isolation. */
  overtaken: number;
}

/**
 * Ready tickets of one agent type in rank order, read one at a time: only
 * what the policy needs leaves the queue. Arrays work too (`ticketSource`).
 */
export interface TicketSource {
  next(): DispatchTicket | undefined;
}

/** A TicketSource over an array already in rank order (tests, explanations). */
export function ticketSource(tickets: readonly DispatchTicket[]): TicketSource {
  let i = 0;
  return { next: () => tickets[i++] };
}

/** What is free and what runs, before this decision. */
export interface DispatchState {
  /** Idle agents per agent type. */
  idleAgents: Readonly<Record<string, number>>;
  /** Free units per resource. */
  freeResources: Readonly<Record<string, number>>;
  /** Whether ticket `i` holds an agent now. */
  isRunning: (index: number) => boolean;
  /** Running tickets holding units of a resource (for the wait reason only). */
  holdersOf: (resource: string) => readonly number[];
  /** Tickets holding an agent now. */
  runningCount: number;
  /** Running isolated tickets. */
  runningIsolated: readonly number[];
  /** Most tickets that may run at once (Infinity unless the strategy limits it). */
  concurrencyLimit: number;
  agingLimit: number;
}

export interface DispatchDecision {
  /** Tickets to start now, in order. */
  start: Array<{ index: number; agent: string }>;
  /** Examined tickets that cannot start, and why. */
  waits: Array<{ index: number; reason: WaitReason }>;
  /** Tickets a lower-ranked ticket overtook (their `overtaken` grows by one). */
  overtaken: number[];
}

/**
 * @param queues ready tickets of each agent type, each in rank order. Only the
 *   queues of types with idle agents are read, and only as far as needed, so a
 *   deep queue behind a busy pool costs nothing.
 */
export function pickAssignments(queues: ReadonlyMap<string, TicketSource>, state: DispatchState): DispatchDecision {
  // Tentative copies: the decision must not touch its inputs.
  const idle: Record<string, number> = { ...state.idleAgents };
  const free: Record<string, number> = { ...state.freeResources };
  const started: number[] = [];
  const decision: DispatchDecision = { start: [], waits: [], overtaken: [] };
  // Made on first use: most dispatches block nothing and reserve nothing.
  let reserved: Map<string, number> | undefined;
  // Tickets blocked on a resource (by name) or on isolation ('') in this pass:
  // if a lower-ranked ticket then takes that resource, they were overtaken.
  let blockedOn: Map<string, number[]> | undefined;
  let idleTotal = 0;
  for (const type in idle) idleTotal += idle[type] as number;
  let running = state.runningCount;
  let draining: number | undefined;

  const heads = new Map<string, { source: TicketSource; head: DispatchTicket }>();
  for (const [type, source] of queues) {
    if ((idle[type] ?? 0) === 0) continue;
    const first = source.next();
    if (first) heads.set(type, { source, head: first });
  }

  while (heads.size > 0 && idleTotal > 0 && running < state.concurrencyLimit) {
    // k-way merge: the best-ranked head among the types that still have idle agents.
    let bestType = '';
    let best: DispatchTicket | undefined;
    for (const [type, h] of heads) {
      if (best === undefined || compareRank(h.head.rank, best.rank) < 0) {
        best = h.head;
        bestType = type;
      }
    }
    const t = best as DispatchTicket;
    const h = heads.get(bestType) as { source: TicketSource; head: DispatchTicket };
    const next = h.source.next();
    if (next) h.head = next;
    else heads.delete(bestType);

    if (draining !== undefined) {
      decision.waits.push({ index: t.index, reason: { kind: 'isolation', with: [draining] } });
      continue;
    }
    const reason = blockingReason(t);
    if (reason) {
      decision.waits.push({ index: t.index, reason });
      if (reason.kind === 'resource' || reason.kind === 'isolation') {
        const key = reason.kind === 'resource' ? reason.resource : '';
        blockedOn ??= new Map();
        const list = blockedOn.get(key);
        if (list) list.push(t.index);
        else blockedOn.set(key, [t.index]);
        if (t.overtaken >= state.agingLimit) {
          reserved ??= new Map();
          if (reason.kind === 'resource' && !reserved.has(reason.resource)) reserved.set(reason.resource, t.index);
          if (reason.kind === 'isolation' && t.isolated) draining = t.index;
        }
      }
      continue;
    }
    // Start it: take the agent and the resources in this tentative view.
    decision.start.push({ index: t.index, agent: t.agent });
    started.push(t.index);
    idle[t.agent] = (idle[t.agent] ?? 0) - 1;
    if (idle[t.agent] === 0) heads.delete(t.agent);
    idleTotal--;
    running++;
    for (const [name, units] of t.needs) free[name] = (free[name] ?? 0) - units;
    if (blockedOn) {
      for (const [name] of t.needs) overtake(name);
      overtake('');
    }
    if (t.isolated) break; // nothing else may start beside it
  }
  return decision;

  /** Whoever waited on `key` in this pass was just overtaken (once per pass). */
  function overtake(key: string): void {
    const waiters = blockedOn?.get(key);
    if (!waiters) return;
    for (const w of waiters) decision.overtaken.push(w);
    blockedOn?.delete(key);
  }

  function blockingReason(t: DispatchTicket): WaitReason | undefined {
    if (state.runningIsolated.length > 0) return { kind: 'isolation', with: state.runningIsolated };
    if (t.isolated && running > 0) return { kind: 'isolation', with: [...started] };
    for (const other of t.conflictsWith) {
      if (state.isRunning(other) || started.includes(other)) return { kind: 'conflict', with: other };
    }
    for (const [name, units] of t.needs) {
      const owner = reserved?.get(name);
      if (owner !== undefined && owner !== t.index) return { kind: 'reserved', resource: name, for: owner };
      const available = free[name] ?? 0;
      if (available < units) {
        return { kind: 'resource', resource: name, needed: units, free: available, heldBy: state.holdersOf(name) };
      }
    }
    return undefined;
  }
}

/** Lexicographic order of rank tuples: negative when `a` goes first. */
export function compareRank(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}
