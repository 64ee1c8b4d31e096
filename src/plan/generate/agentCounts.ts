import type { PlanAnalysis } from '../analysisTypes.js';
import { didYouMean } from '../didYouMean.js';
import type { ProblemList } from '../ProblemList.js';
import { memorySourceDoc } from '../SourceDoc.js';
import type { AgentTypeSpec, CompiledPlan, Strategy } from '../types.js';
import type { GenerateOptions, PlanInput } from './types.js';

/** The seed's limit: "up to 10 concurrent agents of one type" (SEED-WORLD.md section 3). */
export const SEED_MAX_AGENTS_PER_TYPE = 10;
/** What `tpe run --strategy maximum` widens a pool to at most (`effectiveAgents` in the runtime, which `src/plan` may not import). */
const MAXIMUM_AGENTS_PER_TYPE = 256;

/**
 * Agents per type: `--agents` (N for every type, or by type), else the
 * input plan's, else, for a folder, as many as the type's widest group
 * needs (at most 10; 1 under `sequential`, which runs one ticket at a time).
 */
export function agentCounts(
  input: PlanInput,
  kept: readonly AgentTypeSpec[],
  analysis: PlanAnalysis,
  strategy: Strategy,
  requested: GenerateOptions['agents'],
  problems: ProblemList,
): Map<string, number> | undefined {
  const byType = new Map<string, number>();
  if (requested !== undefined && typeof requested === 'object') {
    const names = kept.map((a) => a.name);
    for (const [name, count] of Object.entries(requested)) {
      const agent = kept.find((a) => a.name.toLowerCase() === name.toLowerCase());
      if (agent === undefined) {
        const suggestion = didYouMean(name, names);
        problems.error('UNKNOWN_AGENT', memorySourceDoc(input.source), ['agents'], `--agents ${name}=${count}: unknown agent type "${name}"${suggestion === undefined ? ` (agent types: ${names.join(', ')})` : ''}`, suggestion === undefined ? {} : { suggestion });
        continue;
      }
      byType.set(agent.name, count);
    }
    if (problems.hasErrors) return undefined;
  }
  const counts = new Map<string, number>();
  for (const agent of kept) {
    let count: number;
    if (typeof requested === 'number') count = requested;
    else if (byType.has(agent.name)) count = byType.get(agent.name)!;
    else if (input.kind === 'plan') count = agent.count;
    else if (strategy === 'sequential') count = 1;
    else count = Math.min(SEED_MAX_AGENTS_PER_TYPE, Math.max(1, widest(analysis, agent.name)));
    counts.set(agent.name, count);
  }
  return counts;
}

/** The agents a run of `plan` actually has: `maximum` widens each type to its widest group, as the runtime does. */
export function effectiveCounts(plan: CompiledPlan, analysis: PlanAnalysis, strategy: Strategy): Map<string, number> {
  const counts = new Map<string, number>();
  for (const agent of plan.agents) {
    counts.set(agent.name, strategy === 'maximum' ? Math.min(MAXIMUM_AGENTS_PER_TYPE, Math.max(agent.count, widest(analysis, agent.name))) : agent.count);
  }
  return counts;
}

function widest(analysis: PlanAnalysis, agent: string): number {
  let most = 0;
  for (const g of analysis.groups) most = Math.max(most, g.agentsRequired[agent] ?? 0);
  return most;
}
