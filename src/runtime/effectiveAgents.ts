/**
 * The agent pool a run actually uses: the plan's agent types, with counts
 * overridden from the command line, and widened for `--strategy maximum`.
 */
import type { PlanAnalysis } from '../plan/analysisTypes.js';
import type { AgentTypeSpec, CompiledPlan, Strategy } from '../plan/types.js';
import { UsageError } from '../errors.js';

/** `maximum` never spawns more agents of one type than this. */
export const MAXIMUM_AGENTS_PER_TYPE = 256;

export function effectiveAgents(
  plan: CompiledPlan,
  analysis: PlanAnalysis,
  strategy: Strategy,
  overrides: Readonly<Record<string, number>> = {},
): AgentTypeSpec[] {
  const known = new Set(plan.agents.map((a) => a.name));
  for (const [name, count] of Object.entries(overrides)) {
    if (!known.has(name)) throw new UsageError(`--agents ${name}=${count}: unknown agent type "${name}" (known: ${[...known].join(', ')})`);
    if (!Number.isInteger(count) || count < 1) throw new UsageError(`--agents ${name}=${count}: expected a positive integer`);
  }
  return plan.agents.map((a) => {
    let count = overrides[a.name] ?? a.count;
    if (strategy === 'maximum') {
      // "Every ready ticket at once": as many agents as the widest group needs.
      let widest = 0;
      for (const g of analysis.groups) widest = Math.max(widest, g.agentsRequired[a.name] ?? 0);
      count = Math.min(MAXIMUM_AGENTS_PER_TYPE, Math.max(count, widest));
    }
    return count === a.count ? a : { ...a, count };
  });
}
