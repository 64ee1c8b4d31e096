/**
 * Reads a live engine into a RunSnapshot (see runSnapshot.ts): counts, agents,
 * resources, active conflicts, why tickets wait, velocity and the ratio of
 * actual to estimated durations. O(tickets) per call: a dashboard asks a few
 * times a second at most.
 */
import { describeWait } from './dispatch/describeWait.js';
import { FINAL_TICKET_STATES, type TicketState } from '../machines/ticketMachine.js';
import { PRIORITIES, type CompiledTicket, type Priority } from '../plan/types.js';
import type { PlanAnalysis } from '../plan/analysisTypes.js';
import type { AgentPool } from './agentPool.js';
import type { Coordinator } from './coordinator.js';
import type { RunSnapshot, RunState, SnapshotTicket } from './runSnapshot.js';
import { clampRatio } from './eta/observedRatio.js';

export interface SnapshotOptions {
  /** Include every ticket (default) or only the summary. */
  tickets?: boolean;
  /** How many waiting tickets to explain. @default 20 */
  waitLimit?: number;
}

export function buildRunSnapshot(
  run: { runId: string; planName: string; planFile: string; state: RunState; now: number; startedAt: number | undefined; endedAt: number | undefined; etaMs: number | undefined },
  coordinator: Coordinator,
  pool: AgentPool,
  analysis: PlanAnalysis,
  options: SnapshotOptions = {},
): RunSnapshot {
  const plan = coordinator.plan;
  const n = plan.tickets.length;
  const idOf = (i: number) => plan.tickets[i]?.id ?? `#${i}`;
  const counts: Partial<Record<TicketState, number>> = {};
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, { total: 0, completed: 0 }])) as Record<Priority, { total: number; completed: number }>;
  let estimated = 0;
  let actual = 0;
  let completed = 0;
  const states: TicketState[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const t = plan.tickets[i] as CompiledTicket;
    const state = coordinator.stateOf(i);
    states[i] = state;
    counts[state] = (counts[state] ?? 0) + 1;
    byPriority[t.priority].total++;
    if (state === 'completed') {
      byPriority[t.priority].completed++;
      completed++;
      const busy = coordinator.busyMs[i] as number;
      if (t.estimateMs !== undefined && t.estimateMs > 0 && busy > 0) {
        estimated += t.estimateMs;
        actual += busy;
      }
    }
  }
  const ratio = estimated > 0 ? clampRatio(actual / estimated) : 1;
  const groups = analysis.groups.map((g) => {
    let done = 0;
    let running = 0;
    for (const i of g.tickets) {
      const s = states[i] as TicketState;
      if (FINAL_TICKET_STATES.has(s)) done++;
      else if (s === 'executing' || s === 'validating' || s === 'rollingBack') running++;
    }
    return { id: g.id, total: g.tickets.length, done, running };
  });
  const agents = pool.slots.map((s) => {
    const ticket = s.state === 'busy' ? s.ticket : undefined;
    const t = ticket === undefined ? undefined : coordinator.plan.tickets[coordinator.indexOf(ticket) ?? -1];
    const est = t?.estimateMs;
    return {
      id: s.id,
      type: s.type,
      state: s.retiring && s.state === 'busy' ? 'retiring' : s.state,
      ticket,
      progress: s.progress,
      since: ticket === undefined ? undefined : s.since,
      etaAt: ticket !== undefined && s.since !== undefined && est !== undefined ? s.since + est * ratio : undefined,
      completed: s.completed,
      failed: s.failed,
    };
  });
  const resources = coordinator.ledger.usage().map((r) => ({ ...r, holders: coordinator.ledger.holdersOf(r.name).map(idOf) }));
  const waitsRaw = coordinator.explainWaits(options.waitLimit ?? 20, READY_FIRST);
  const more = waitsRaw.length < (options.waitLimit ?? 20) ? coordinator.explainWaits((options.waitLimit ?? 20) - waitsRaw.length, OTHER_WAITS) : [];
  const waits = [...waitsRaw, ...more].map((w) => ({
    ticket: idOf(w.index),
    state: w.state,
    reason: w.reason,
    text: describeWait(w.reason, idOf, run.now),
  }));
  const activeConflicts = waits.filter((w) => w.reason.kind === 'conflict').map((w) => ({ waiting: w.ticket, running: idOf((w.reason as { with: number }).with) }));
  const hours = run.startedAt === undefined ? 0 : (run.now - run.startedAt) / 3_600_000;
  const tickets: SnapshotTicket[] | undefined =
    options.tickets === false
      ? undefined
      : plan.tickets.map((t, i) => ({
          id: t.id,
          title: t.title,
          agent: t.agent,
          priority: t.priority,
          group: t.group,
          state: states[i] as TicketState,
          attempt: coordinator.attempts[i] as number,
          agentId: coordinator.lastAgent[i],
          startedAt: nan(coordinator.firstStart[i]),
          endedAt: nan(coordinator.endedAt[i]),
          estimateMs: t.estimateMs,
        }));
  return {
    runId: run.runId,
    planName: run.planName,
    planFile: run.planFile,
    state: run.state,
    live: true,
    pid: process.pid,
    now: run.now,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    counts,
    total: n,
    byPriority,
    groups,
    agents,
    resources,
    activeConflicts,
    waits,
    tickets,
    velocityPerHour: hours > 0 ? completed / hours : 0,
    actualToEstimate: ratio,
    etaMs: run.etaMs,
  };
}

const READY_FIRST: ReadonlySet<TicketState> = new Set(['ready', 'retrying', 'held']);
const OTHER_WAITS: ReadonlySet<TicketState> = new Set(['waiting', 'interrupted']);
const nan = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
