import { analyzePlan } from '../analyzePlan.js';
import { memorySourceDoc } from '../SourceDoc.js';
import { ProblemList } from '../ProblemList.js';
import type { AgentTypeSpec, CompiledPlan, Loaded, Strategy } from '../types.js';
import { registryOutcome } from '../registryOutcome.js';
import { agentCounts, effectiveCounts } from './agentCounts.js';
import { buildGroups } from './buildGroups.js';
import { compareIds } from './compareIds.js';
import { describeConflicts } from './describeConflicts.js';
import { DEFAULT_AGENT_TYPE } from './folderSettings.js';
import { idRanks } from './idRanks.js';
import { locateDependency } from './locateDependency.js';
import { pathFrom } from './rebaseAgents.js';
import { recommendOptimizations } from './recommendOptimizations.js';
import { renderExecutionPlan, type RenderedGroup } from './renderExecutionPlan.js';
import { selectTickets } from './selectTickets.js';
import { subsetPlan } from './subsetPlan.js';
import type { GeneratedPlan, GenerateOptions, OutputSettings, PlanInput, Simulate } from './types.js';

/**
 * Plans the tickets of `input` and writes the seed's `execution_plan:` YAML
 * for them (see `renderExecutionPlan`), with the native settings that make
 * `tpe run` execute it as written. Settled tickets are left out and satisfy
 * their dependents; `--scope`, `--category` and `--priority` choose the rest
 * (see `selectTickets`). Durations come from simulating the planned run with
 * the real dispatcher (`simulate`), so the file predicts what `tpe run
 * --dry-run` of it predicts. Deterministic: the same input and options give
 * the same bytes.
 *
 * @example
 * const input = await loadPlanInput('tickets', { outputDir: process.cwd() });
 * if (input.ok) {
 *   const plan = await generateExecutionPlan(input.value, { generated: '2025-08-18T10:00:00Z', outputDir: process.cwd() }, simulate);
 *   if (plan.ok) process.stdout.write(plan.value.text);
 * }
 */
export async function generateExecutionPlan(input: PlanInput, options: GenerateOptions, simulate: Simulate): Promise<Loaded<GeneratedPlan>> {
  const problems = new ProblemList();
  const source = memorySourceDoc(input.source);
  const strategy: Strategy = options.strategy ?? (input.kind === 'folder' ? 'balanced' : input.plan.strategy);
  const scope = options.scope ?? 'pending';
  const selection = selectTickets(input.plan, {
    scope,
    categories: options.categories ? new Set(options.categories.map((c) => c.toLowerCase())) : undefined,
    priorities: options.priorities ? new Set(options.priorities) : undefined,
  });
  if (!selection.ok) {
    for (const { ticket, dependency, reason } of selection.missing) {
      const t = input.plan.tickets[ticket]!;
      const d = input.plan.tickets[dependency]!;
      const at = locateDependency(t, d.id);
      problems.error(
        'UNKNOWN_TICKET',
        at.doc,
        at.path,
        `ticket ${t.id} depends on ${d.id}, which ${reason} leaves out and is not completed: it would wait forever. Widen the filter to include ${d.id}, or plan without it`,
      );
    }
    return problems.result<GeneratedPlan>(undefined);
  }
  if (selection.planned.length === 0) {
    const settled = input.plan.tickets.filter((t) => registryOutcome(t.registryStatus) !== undefined).length;
    problems.error(
      'NOTHING_TO_RUN',
      source,
      [],
      `nothing to plan: of ${input.plan.tickets.length} ticket(s), ${settled} are settled and the rest are left out by the filters (a plan without groups would run every ticket, so none is written)`,
    );
    return problems.result<GeneratedPlan>(undefined);
  }

  // Types the output keeps: a folder's used ones (and the default type, which `defaults.agent` names); a plan's all.
  const used = new Set(selection.planned.map((i) => input.plan.tickets[i]!.agent));
  const kept = input.kind === 'folder' ? input.plan.agents.filter((a) => a.name === DEFAULT_AGENT_TYPE || used.has(a.name)) : [...input.plan.agents];
  const draft = subsetPlan(input.plan, selection.planned, kept);
  const analysis = analyzePlan(draft);
  const counts = agentCounts(input, kept, analysis, strategy, options.agents, problems);
  if (counts === undefined) return problems.result<GeneratedPlan>(undefined);
  const agents = kept.map((a): AgentTypeSpec => ({ ...a, count: counts.get(a.name)! }));
  const plan: CompiledPlan = { ...draft, agents, strategy };

  // The prediction is "every ticket takes its estimate": a time limit below an estimate is advice, not a failure.
  const simPlan: CompiledPlan = {
    ...plan,
    tickets: plan.tickets.map((t) => ({ ...t, timeoutMs: Math.max(t.timeoutMs, (t.estimateMs ?? plan.defaultEstimateMs) + 1_000) })),
  };
  const schedule = await simulate(simPlan, { analysis });
  const effective = effectiveCounts(plan, analysis, strategy);
  const rank = idRanks(plan.tickets);
  const groups = buildGroups(plan, analysis, strategy, effective, schedule.startMs, rank);
  const conflicts = describeConflicts(plan, analysis.conflicts, rank);
  const recommendations = await recommendOptimizations({
    plan,
    analysis,
    strategy,
    makespanMs: schedule.makespanMs,
    agents: effective,
    rank,
    simulate: async (override, other) => (await simulate({ ...simPlan, strategy: other }, { agents: override, analysis })).makespanMs,
  });

  const id = (i: number) => plan.tickets[i]!.id;
  const byType = plan.agents.length > 1;
  const rendered: RenderedGroup[] = groups.map((g) => ({
    id: g.id,
    tickets: g.tickets.map(id),
    dependenciesResolved: g.dependenciesResolved,
    estimatedMs: g.estimatedMs,
    resourceConflicts: g.resourceConflicts,
    agentsRequired: g.tickets.length,
    ...(byType ? { agentsByType: g.agentsRequired } : {}),
  }));
  const factor = schedule.makespanMs > 0 ? Math.round((analysis.totalWorkMs / schedule.makespanMs) * 100) / 100 : 0;
  const text = renderExecutionPlan({
    header: header(input, options, strategy, scope),
    metadata: {
      generated: options.generated,
      strategy,
      totalTickets: plan.tickets.length,
      estimatedMs: schedule.makespanMs,
      parallelismFactor: factor,
      agents: schedule.agents,
    },
    conflicts,
    groups: rendered,
    criticalPath: { tickets: analysis.criticalPath.tickets.map(id), totalMs: analysis.criticalPath.totalMs, bottlenecks: analysis.bottlenecks.map(id) },
    recommendations,
    satisfied: selection.satisfied.map((i) => input.plan.tickets[i]!.id).sort(compareIds),
    registry: input.registryDir === undefined ? undefined : pathFrom(options.outputDir, input.registryDir),
    settings: withCounts(input.settings, counts, commandNeeded(input, plan)),
  });
  return problems.result<GeneratedPlan>({ text, tickets: plan.tickets.length, groups: groups.length, makespanMs: schedule.makespanMs });
}

/** Agent types that run a planned ticket without its own `run`: only those need the `command` the user must set. */
function commandNeeded(input: PlanInput, plan: CompiledPlan): Set<string> {
  const types = new Set<string>();
  for (const t of plan.tickets) if (input.needCommand?.has(t.id.toLowerCase())) types.add(t.agent);
  return types;
}

/** The settings with the planned counts, and (for a folder) only the agent types kept. */
function withCounts(settings: OutputSettings, counts: ReadonlyMap<string, number>, commandNeeded: ReadonlySet<string>): OutputSettings {
  const agents: Record<string, unknown> = {};
  for (const [name, agent] of Object.entries(settings.agents ?? {})) {
    if (!counts.has(name)) continue;
    const written = agent !== null && typeof agent === 'object' && !Array.isArray(agent) ? (agent as Record<string, unknown>) : {};
    // `count` first, as people write it; the rest as given.
    const { count: _count, ...rest } = written;
    agents[name] = { count: counts.get(name)!, ...rest };
  }
  const commandless = settings.commandless?.filter((name) => commandNeeded.has(name));
  return { ...settings, agents, ...(commandless ? { commandless } : {}) };
}

function header(input: PlanInput, options: GenerateOptions, strategy: Strategy, scope: string): string[] {
  const filters = [`strategy ${strategy}`, `scope ${scope}`];
  if (options.categories) filters.push(`category ${options.categories.join(',')}`);
  if (options.priorities) filters.push(`priority ${options.priorities.join(',')}`);
  const file = options.outputName ?? '<this file>';
  return [
    `Execution plan for ${options.inputName ?? input.source}, written by \`tpe plan\` (${filters.join(', ')}).`,
    `Run it:       tpe run ${file}`,
    `Check edits:  tpe plan --validate-plan ${file}`,
    "Durations are estimates (the tickets' estimated_effort). estimated_duration is the makespan predicted by",
    'simulating the run with the agents below; parallelism_factor is the total estimated work divided by it.',
    '',
  ];
}
