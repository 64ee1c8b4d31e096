/**
 * `/api/info`: the plan as the page needs it, once per plan (states come
 * from the stream). Ticket references are ids, not the plan's indices, so the
 * page never needs the compiled plan's internals.
 */
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import type { CompiledPlan, CompiledTicket, Priority } from '../../plan/types.js';
import { ticketIdAt } from '../../plan/ticketIdAt.js';

/** Above this many tickets the DAG is not laid out (Graphviz would block the run for seconds): the page draws a grid. */
export const DAG_MAX_TICKETS = 1500;

/** What the plan says of a ticket, as the page shows it (in the DAG and in the ticket panel). */
export interface TicketSummary {
  id: string;
  title: string;
  agent: string;
  priority: Priority;
  group: string | undefined;
  dependsOn: string[];
  estimateMs: number | undefined;
}

export interface PlanInfoTicket extends TicketSummary {
  critical: boolean;
}

/** `ticket` with its dependencies named by id. */
export function ticketSummary(plan: CompiledPlan, ticket: CompiledTicket): TicketSummary {
  return {
    id: ticket.id,
    title: ticket.title,
    agent: ticket.agent,
    priority: ticket.priority,
    group: ticket.group,
    dependsOn: ticket.dependsOn.map((i) => ticketIdAt(plan, i)),
    estimateMs: ticket.estimateMs,
  };
}

export interface PlanInfo {
  runId: string;
  planName: string;
  planVersion: number;
  agentTypes: Array<{ name: string; count: number; executor: string }>;
  resources: Record<string, number>;
  tickets: PlanInfoTicket[];
  criticalPath: string[];
  /** Whether `/api/dag.svg` will answer (or 413, and the page draws a grid). */
  dag: boolean;
  defaultEstimateMs: number;
}

export function planInfo(runId: string, planVersion: number, plan: CompiledPlan, analysis: PlanAnalysis): PlanInfo {
  const critical = new Set(analysis.criticalPath.tickets);
  return {
    runId,
    planName: plan.name,
    planVersion,
    agentTypes: plan.agents.map((a) => ({ name: a.name, count: a.count, executor: a.executor })),
    resources: { ...plan.resources },
    tickets: plan.tickets.map((t) => ({ ...ticketSummary(plan, t), critical: critical.has(t.index) })),
    criticalPath: analysis.criticalPath.tickets.map((i) => ticketIdAt(plan, i)),
    dag: plan.tickets.length <= DAG_MAX_TICKETS,
    defaultEstimateMs: plan.defaultEstimateMs,
  };
}
