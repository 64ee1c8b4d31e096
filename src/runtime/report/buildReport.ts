/**
 * The run report's model: the seed's session summary of one run, from what
 * the store recorded. Everything derived from the journal comes from the
 * diagnosis (`diagnoseRun`: timelines, waits, attempts, utilization,
 * estimate accuracy, critical chain, recommendations); this adds the seed's
 * ExecutionMetrics, completion by priority, per-agent failures, resource use,
 * the run against its prediction (`simulatePlan`, as `tpe run --dry-run`),
 * every ticket's row, and the bars of the actual schedule.
 */
import { BUSY_TICKET_STATES, type TicketState } from '../../machines/ticketMachine.js';
import { analyzePlan } from '../../plan/analyzePlan.js';
import { registryOutcome } from '../../plan/registryOutcome.js';
import { PRIORITIES, type CompiledPlan } from '../../plan/types.js';
import { splitKey } from '../diagnose/contendedKey.js';
import { diagnoseRun } from '../diagnose/diagnoseRun.js';
import { chainPath } from '../diagnose/describeChain.js';
import type { AttemptSummary, ChainSegment, RunDiagnosis, TicketDiagnosis } from '../diagnose/diagnosisTypes.js';
import type { ExecutionMetrics } from '../runResult.js';
import { lowerBound, simulatePlan } from '../simulatePlan.js';
import { parkedTime } from './parkedTime.js';
import { reportRecommendations } from './reportRecommendations.js';
import type {
  AgentPerformance,
  AgentTypePerformance,
  AttemptOutcome,
  PriorityCompletion,
  ReportBar,
  ReportChain,
  ReportEstimate,
  ReportInput,
  ReportTicket,
  ResourceUse,
  RunReport,
} from './reportTypes.js';

export interface BuildReportOptions {
  /** Run the what-if simulations behind the recommendations (`diagnoseRun`). @default true */
  whatIf?: boolean;
  /** Most what-if simulations (see `diagnoseRun`). */
  maxSimulations?: number;
  /** Simulate the plan from its estimates, for the run against its prediction. @default true */
  estimate?: boolean;
}

/**
 * Builds the report of a recorded run. Pure apart from the simulations, which
 * run on a virtual clock: the same input gives the same report.
 *
 * @example
 * const report = await buildReport({ run: recordedRunFromStore(store, record, { live, now }), planFile: record.planFile, tickets: ticketDetailsFromStore(store, record.id, n), generatedAt: Date.now() });
 */
export async function buildReport(input: ReportInput, options: BuildReportOptions = {}): Promise<RunReport> {
  const { run } = input;
  const { plan } = run;
  const diagnosis = await diagnoseRun(run, {
    whatIf: options.whatIf !== false,
    ...(options.maxSimulations === undefined ? {} : { maxSimulations: options.maxSimulations }),
  });
  const asOf = diagnosis.startedAt + diagnosis.wallMs;
  const wallMs = diagnosis.wallMs;
  const diagnosed = new Map(diagnosis.tickets.map((t) => [t.id, t]));

  const tickets = plan.tickets.map((t, i): ReportTicket => {
    const d = diagnosed.get(t.id);
    const details = input.tickets?.[i];
    // The diagnosis leaves out only the tickets settled in the registry before the run.
    const state: TicketState = d?.state ?? settledState(plan, i);
    return {
      id: t.id,
      title: t.title,
      priority: t.priority,
      agentType: t.agent,
      agentId: d?.attempts.at(-1)?.agentId,
      state,
      settled: !d,
      attempts: d?.attempts.length ?? 0,
      retries: d?.retries ?? 0,
      startedAt: d?.startedAt,
      endedAt: d ? d.endedAt : undefined,
      durationMs: d?.runningMs ?? 0,
      estimateMs: t.estimateMs,
      ratio: d?.ratio,
      waitMs: d?.readyMs ?? 0,
      waitByCause: d?.readyByCause ?? {},
      dependencyMs: d?.dependencyMs ?? 0,
      backoffMs: d?.backoffMs ?? 0,
      error: details?.error ? { code: details.error.code, message: details.error.message } : undefined,
      reason: details?.reason,
      rollback: details?.rollback,
      logFile: details?.logFile,
    };
  });

  const agentTypes = agentTypePerformance(diagnosis);
  const agentCount = agentTypes.reduce((n, a) => n + a.agents, 0);
  const resources = resourceUse(plan, diagnosis, wallMs);
  const metrics = executionMetrics(plan, diagnosis, tickets, resources, agentCount, parkedTime(run));
  const chain = reportChain(diagnosis);
  const critical = criticalRuns(diagnosis.criticalChain.segments);
  const bars = diagnosis.tickets.flatMap((t) => t.attempts.map((a) => bar(t, a, critical, asOf)));
  bars.sort((a, b) => a.from - b.from || (a.ticket < b.ticket ? -1 : a.ticket > b.ticket ? 1 : a.attempt - b.attempt));

  return {
    kind: 'run-report',
    version: 1,
    generatedAt: input.generatedAt,
    run: {
      id: run.runId,
      planName: plan.name,
      planFile: input.planFile,
      strategy: plan.strategy,
      status: run.status,
      live: run.live,
      startedAt: run.startedAt,
      endedAt: run.endedAt,
      asOf,
      wallMs,
      agents: agentTypes.map((a) => ({ type: a.type, count: a.agents })),
      total: plan.tickets.length,
      counts: diagnosis.counts,
      estimate: options.estimate === false ? undefined : await predicted(plan, wallMs),
    },
    metrics,
    byPriority: byPriority(tickets),
    agentTypes,
    agents: agentPerformance(diagnosis),
    waiting: diagnosis.waiting,
    contended: diagnosis.contended,
    resources,
    problems: tickets.filter((t) => t.state === 'failed' || t.state === 'blocked' || (t.state === 'cancelled' && !t.settled)).map((t) => t.id),
    retried: tickets.filter((t) => t.retries > 0).map((t) => t.id),
    estimates: diagnosis.estimates,
    criticalChain: chain,
    recommendations: [...diagnosis.recommendations, ...reportRecommendations(tickets, diagnosis.estimates)],
    tickets,
    gantt: { start: run.startedAt, end: asOf, lanes: diagnosis.agents.map((a) => ({ id: a.id, type: a.type })), bars },
  };
}

/** A ticket the diagnosis left out: settled in the registry before the run. */
function settledState(plan: CompiledPlan, i: number): TicketState {
  return registryOutcome(plan.tickets[i]?.registryStatus) ?? 'completed';
}

/** The plan on a virtual clock with its estimates, its agents and its strategy (what `tpe run --dry-run` predicts). */
async function predicted(plan: CompiledPlan, wallMs: number): Promise<ReportEstimate | undefined> {
  const analysis = analyzePlan(plan);
  let makespanMs: number;
  try {
    makespanMs = (await simulatePlan(plan, { analysis })).makespanMs;
  } catch {
    // A plan the simulator cannot finish (a ticket held by hand forever): no prediction.
    return undefined;
  }
  const lowerBoundMs = lowerBound(plan, analysis);
  return {
    makespanMs,
    lowerBoundMs,
    criticalPathMs: analysis.criticalPath.totalMs,
    totalWorkMs: analysis.totalWorkMs,
    ratio: makespanMs > 0 ? wallMs / makespanMs : 1,
    deltaMs: wallMs - makespanMs,
    lowerBoundRatio: lowerBoundMs > 0 ? wallMs / lowerBoundMs : 1,
  };
}

const isFailure = (a: AttemptSummary) => a.outcome === 'retrying' || a.outcome === 'failed' || a.outcome === 'failing' || a.outcome === 'rollingBack';

function agentPerformance(d: RunDiagnosis): AgentPerformance[] {
  const attempts = new Map<string, { attempts: number; failures: number }>();
  for (const t of d.tickets) {
    for (const a of t.attempts) {
      if (a.agentId === undefined) continue;
      const seen = attempts.get(a.agentId) ?? { attempts: 0, failures: 0 };
      seen.attempts++;
      if (isFailure(a)) seen.failures++;
      attempts.set(a.agentId, seen);
    }
  }
  return d.agents.map((a) => {
    const n = attempts.get(a.id) ?? { attempts: 0, failures: 0 };
    return { id: a.id, type: a.type, tickets: a.tickets, attempts: n.attempts, busyMs: a.busyMs, utilization: a.utilization, failures: n.failures, meanMs: n.attempts > 0 ? a.busyMs / n.attempts : 0 };
  });
}

function agentTypePerformance(d: RunDiagnosis): AgentTypePerformance[] {
  return d.agentTypes.map((type) => {
    let tickets = 0;
    let attempts = 0;
    let failures = 0;
    for (const t of d.tickets) {
      if (t.agent !== type.type || t.attempts.length === 0) continue;
      tickets++;
      attempts += t.attempts.length;
      failures += t.attempts.filter(isFailure).length;
    }
    return {
      type: type.type,
      agents: type.agents,
      tickets,
      attempts,
      busyMs: type.busyMs,
      utilization: type.utilization,
      failures,
      meanMs: attempts > 0 ? type.busyMs / attempts : 0,
      waitedForAgentMs: type.waitedForAgentMs,
    };
  });
}

/** Every declared resource, and any a ticket used without declaring it (a mutex, as in dispatch). */
function resourceUse(plan: CompiledPlan, d: RunDiagnosis, wallMs: number): ResourceUse[] {
  const names = new Set(Object.keys(plan.resources));
  for (const t of plan.tickets) for (const r of Object.keys(t.resources)) names.add(r);
  const held = new Map<string, number>();
  const users = new Map<string, number>();
  const byId = new Map(plan.tickets.map((t) => [t.id, t]));
  for (const t of d.tickets) {
    const needs = byId.get(t.id)?.resources ?? {};
    for (const [name, units] of Object.entries(needs)) {
      if (!(units > 0) || t.attempts.length === 0) continue;
      users.set(name, (users.get(name) ?? 0) + 1);
      held.set(name, (held.get(name) ?? 0) + units * t.runningMs);
    }
  }
  const waited = new Map<string, number>();
  for (const c of d.contended) {
    const [kind, name] = splitKey(c.key);
    if (kind === 'resource' || kind === 'reserved') waited.set(name, (waited.get(name) ?? 0) + c.waitedMs);
  }
  return [...names].sort().map((name) => {
    const capacity = Object.hasOwn(plan.resources, name) ? plan.resources[name]! : 1;
    const heldMs = held.get(name) ?? 0;
    return { name, capacity, utilization: capacity > 0 && wallMs > 0 ? heldMs / (capacity * wallMs) : 0, heldMs, waitedMs: waited.get(name) ?? 0, users: users.get(name) ?? 0 };
  });
}

/** The seed's ExecutionMetrics, as `buildRunResult` computes them at the end of a run, from the recorded run. */
function executionMetrics(plan: CompiledPlan, d: RunDiagnosis, tickets: readonly ReportTicket[], resources: readonly ResourceUse[], agents: number, parkedMs: number): ExecutionMetrics {
  let busy = 0;
  let ran = 0;
  for (const t of tickets) {
    if (t.attempts === 0) continue;
    busy += t.durationMs;
    ran++;
  }
  const count = (state: TicketState) => tickets.filter((t) => t.state === state).length;
  const factor = d.wallMs > 0 ? busy / d.wallMs : 0;
  return {
    total_tickets: tickets.length,
    completed_tickets: count('completed'),
    failed_tickets: count('failed'),
    blocked_tickets: count('blocked'),
    cancelled_tickets: count('cancelled'),
    average_execution_time: ran > 0 ? busy / ran : 0,
    parallelism_factor: factor,
    parallelism_efficiency: agents > 0 ? factor / agents : 0,
    // Declared resources, as the run's ledger reports them.
    resource_utilization: Object.fromEntries(resources.filter((r) => Object.hasOwn(plan.resources, r.name)).map((r) => [r.name, r.utilization])),
    conflict_resolution_time: parkedMs,
    wall_time: d.wallMs,
    agents,
  };
}

function byPriority(tickets: readonly ReportTicket[]): PriorityCompletion[] {
  return PRIORITIES.map((priority) => {
    const row: PriorityCompletion = { priority, total: 0, completed: 0, failed: 0, blocked: 0, cancelled: 0, unfinished: 0, completedShare: 1 };
    for (const t of tickets) {
      if (t.priority !== priority) continue;
      row.total++;
      if (t.state === 'completed' || t.state === 'failed' || t.state === 'blocked' || t.state === 'cancelled') row[t.state]++;
      else row.unfinished++;
    }
    row.completedShare = row.total > 0 ? row.completed / row.total : 1;
    return row;
  });
}

function reportChain(d: RunDiagnosis): ReportChain {
  const c = d.criticalChain;
  return { end: c.end, totalMs: c.totalMs, path: chainPath(c.segments), tickets: c.tickets.map((t) => ({ id: t.id, ms: t.ms, share: t.share })) };
}

/** Per ticket: the running stretches of the critical chain. */
function criticalRuns(segments: readonly ChainSegment[]): Map<string, Array<[number, number]>> {
  const runs = new Map<string, Array<[number, number]>>();
  for (const s of segments) {
    if (s.what !== 'running' || s.to <= s.from) continue;
    const list = runs.get(s.ticket) ?? [];
    list.push([s.from, s.to]);
    runs.set(s.ticket, list);
  }
  return runs;
}

function outcomeOf(state: TicketState): AttemptOutcome {
  switch (state) {
    case 'completed':
      return 'completed';
    case 'retrying':
      return 'retried';
    case 'failed':
    case 'failing':
      return 'failed';
    case 'cancelled':
    case 'blocked':
      return 'cancelled';
    case 'interrupted':
    case 'ready':
    case 'waiting':
    case 'held':
      return 'interrupted';
    default:
      return BUSY_TICKET_STATES.has(state) ? 'running' : 'interrupted';
  }
}

function bar(t: TicketDiagnosis, a: AttemptSummary, critical: ReadonlyMap<string, ReadonlyArray<[number, number]>>, asOf: number): ReportBar {
  const from = a.startedAt;
  const to = a.startedAt + a.busyMs;
  // Still busy at the end of the window: running (a live run) or cut short by a crash.
  const outcome = BUSY_TICKET_STATES.has(a.outcome) && to >= asOf ? 'running' : outcomeOf(a.outcome);
  return {
    ticket: t.id,
    attempt: a.attempt,
    agentId: a.agentId ?? `?${t.agent}`,
    agentType: t.agent,
    from,
    to,
    outcome,
    critical: (critical.get(t.id) ?? []).some(([f, e]) => f < to && e > from),
  };
}
