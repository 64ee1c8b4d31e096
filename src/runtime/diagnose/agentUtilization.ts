/**
 * How busy the agents were: per agent and per agent type, busy time ÷ the
 * run's wall time.
 */
import type { AgentTypeUse, AgentUse, TicketDiagnosis } from './diagnosisTypes.js';
import type { RunIndex } from './indexRun.js';

/**
 * Busy time is the sum of an agent's attempt intervals (executing,
 * validating, rolling back). Agents that never worked are listed too, with
 * the ids the pool gives them (`agent-001`… in the plan's order of types),
 * so an idle agent shows as 0 %. A type's utilization is Σ busy ÷ (agents ×
 * wall time); `waitedForAgentMs` sums the time its tickets waited with every
 * agent of the type busy: high utilization with a long agent wait is a
 * saturated pool, high utilization without one is a well-fed pool.
 *
 * Limit: pool changes during the run (`adjust --agents`) are not recorded;
 * agents are counted as planned, or as the most seen busy at once.
 */
export function agentUtilization(index: RunIndex, tickets: readonly TicketDiagnosis[], wallMs: number): { agents: AgentUse[]; agentTypes: AgentTypeUse[] } {
  const byId = new Map<string, AgentUse>();
  let slot = 0;
  for (const a of index.plan.agents) {
    for (let k = 0; k < a.count; k++) {
      const id = `agent-${String(++slot).padStart(3, '0')}`;
      byId.set(id, { id, type: a.name, tickets: 0, busyMs: 0, utilization: 0 });
    }
  }
  const ran = new Map<string, Set<number>>();
  for (const iv of index.intervals) {
    let use = byId.get(iv.agentId);
    if (!use) {
      use = { id: iv.agentId, type: iv.agentType, tickets: 0, busyMs: 0, utilization: 0 };
      byId.set(iv.agentId, use);
    }
    use.busyMs += iv.to - iv.from;
    const seen = ran.get(iv.agentId) ?? new Set<number>();
    seen.add(iv.ticket);
    ran.set(iv.agentId, seen);
  }
  const agents = [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const a of agents) {
    a.tickets = ran.get(a.id)?.size ?? 0;
    a.utilization = wallMs > 0 ? a.busyMs / wallMs : 0;
  }

  const waited = new Map<string, number>();
  for (const t of tickets) waited.set(t.agent, (waited.get(t.agent) ?? 0) + (t.readyByCause.agent ?? 0));
  const types = [...new Set([...index.plan.agents.map((a) => a.name), ...agents.map((a) => a.type)])];
  const agentTypes = types.map((type): AgentTypeUse => {
    const count = index.poolSize.get(type) ?? agents.filter((a) => a.type === type).length;
    const busyMs = agents.filter((a) => a.type === type).reduce((sum, a) => sum + a.busyMs, 0);
    return { type, agents: count, busyMs, utilization: wallMs > 0 && count > 0 ? busyMs / (count * wallMs) : 0, waitedForAgentMs: waited.get(type) ?? 0 };
  });
  return { agents, agentTypes };
}
