/** Gantt bars of a simulated schedule: agent rows, agent-type colours, the critical path outlined. */
import type { CompiledPlan } from '../../plan/types.js';
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import type { SimulationResult } from '../simulatePlan.js';
import type { GanttBar } from './renderGanttSvg.js';

export function scheduleBars(sim: SimulationResult, plan: CompiledPlan, analysis: PlanAnalysis): GanttBar[] {
  const critical = new Set(analysis.criticalPath.tickets);
  const bars: GanttBar[] = [];
  sim.tickets.forEach((t, i) => {
    if (t.start === undefined || t.end === undefined || t.agentId === undefined) return;
    const ticket = plan.tickets[i];
    bars.push({ ticket: t.id, agent: t.agentId, agentType: ticket?.agent ?? '?', start: t.start, end: t.end, state: t.state, critical: critical.has(i) });
  });
  return bars;
}
