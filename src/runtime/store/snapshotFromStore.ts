/**
 * A RunSnapshot read from the store, for a run no engine is running: what
 * every ticket last was. Agents and wait reasons died with the engine.
 */
import { PRIORITIES, type CompiledPlan, type Priority } from '../../plan/types.js';
import type { TicketState } from '../../machines/ticketMachine.js';
import type { RunSnapshot, RunState } from '../runSnapshot.js';
import type { RunRecord, RunStore } from './RunStore.js';

export function snapshotFromStore(store: RunStore, run: RunRecord, state: RunState, now: number): RunSnapshot {
  const plan = store.planOf(run.id) as CompiledPlan;
  const last = store.lastStates(run.id, plan.tickets.length);
  const counts: Partial<Record<TicketState, number>> = {};
  const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, { total: 0, completed: 0 }])) as Record<Priority, { total: number; completed: number }>;
  const tickets = plan.tickets.map((t, i) => {
    const l = last[i];
    const s: TicketState = l?.state ?? (t.registryStatus === 'completed' ? 'completed' : 'waiting');
    counts[s] = (counts[s] ?? 0) + 1;
    byPriority[t.priority].total++;
    if (s === 'completed') byPriority[t.priority].completed++;
    return {
      id: t.id,
      title: t.title,
      agent: t.agent,
      priority: t.priority,
      group: t.group,
      state: s,
      attempt: l?.attempt ?? 0,
      agentId: l?.agentId,
      startedAt: undefined,
      endedAt: undefined,
      estimateMs: t.estimateMs,
    };
  });
  const end = run.endedAt ?? now;
  const hours = run.startedAt === undefined ? 0 : (end - run.startedAt) / 3_600_000;
  return {
    runId: run.id,
    planName: run.planName,
    planFile: run.planFile,
    state,
    live: false,
    pid: undefined,
    now,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    counts,
    total: plan.tickets.length,
    byPriority,
    groups: [],
    agents: [],
    resources: Object.entries(plan.resources).map(([name, capacity]) => ({ name, capacity, inUse: 0, holders: [] })),
    activeConflicts: [],
    waits: [],
    tickets,
    velocityPerHour: hours > 0 ? (counts.completed ?? 0) / hours : 0,
    actualToEstimate: 1,
    etaMs: undefined,
  };
}
