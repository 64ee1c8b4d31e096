/**
 * Reads the final ticket table into a RunResult with the seed's metrics.
 */
import type { CompiledTicket } from '../plan/types.js';
import type { AgentPool } from './agentPool.js';
import type { Coordinator } from './coordinator.js';
import type { ExecutionMetrics, RunResult, RunStatus, TicketOutcome } from './runResult.js';

export function buildRunResult(
  coordinator: Coordinator,
  pool: AgentPool,
  run: { runId: string; status: RunStatus; startedAt: number; endedAt: number },
): RunResult {
  const plan = coordinator.plan;
  const tickets: TicketOutcome[] = plan.tickets.map((t: CompiledTicket) => {
    const i = t.index;
    const ctx = coordinator.snapshotOf(i)?.context;
    const started = coordinator.firstStart[i] as number;
    const ended = coordinator.endedAt[i] as number;
    return {
      id: t.id,
      title: t.title,
      agent: t.agent,
      priority: t.priority,
      state: coordinator.stateOf(i),
      attempts: coordinator.attempts[i] as number,
      agentId: coordinator.lastAgent[i],
      startedAt: Number.isNaN(started) ? undefined : started,
      endedAt: Number.isNaN(ended) ? undefined : ended,
      busyMs: coordinator.busyMs[i] as number,
      estimateMs: t.estimateMs,
      error: ctx?.lastError,
      reason: ctx?.reason,
      rollback: ctx?.rollback,
      logFile: coordinator.logFiles[i],
    };
  });
  return {
    runId: run.runId,
    planName: plan.name,
    status: run.status,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    tickets,
    metrics: computeMetrics(tickets, coordinator, pool.slots.length, run.startedAt, run.endedAt),
  };
}

function computeMetrics(tickets: TicketOutcome[], coordinator: Coordinator, agents: number, startedAt: number, endedAt: number): ExecutionMetrics {
  const wall = Math.max(0, endedAt - startedAt);
  let busy = 0;
  let ran = 0;
  const count = (state: string) => tickets.filter((t) => t.state === state).length;
  for (const t of tickets) {
    if (t.attempts > 0) {
      busy += t.busyMs;
      ran++;
    }
  }
  const factor = wall > 0 ? busy / wall : 0;
  return {
    total_tickets: tickets.length,
    completed_tickets: count('completed'),
    failed_tickets: count('failed'),
    blocked_tickets: count('blocked'),
    cancelled_tickets: count('cancelled'),
    average_execution_time: ran > 0 ? busy / ran : 0,
    parallelism_factor: factor,
    parallelism_efficiency: agents > 0 ? factor / agents : 0,
    resource_utilization: coordinator.ledger.utilization(startedAt, endedAt),
    conflict_resolution_time: coordinator.conflictWaitMs,
    wall_time: wall,
    agents,
  };
}
