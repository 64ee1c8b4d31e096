/**
 * `diagnose <plan>`: before anything runs, what will make the plan long and
 * what would shorten it, from its estimates.
 */
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import { analyzePlan } from '../../plan/analyzePlan.js';
import { formatDuration } from '../../plan/formatDuration.js';
import { registryOutcome } from '../../plan/registryOutcome.js';
import type { CompiledPlan } from '../../plan/types.js';
import { simulatePlan } from '../simulatePlan.js';
import { agentCurve, enoughAgents, firstStep } from './agentCurve.js';
import type { AgentCurve, DiagnosisSection, PlanConflictCost, PlanDiagnosis, Recommendation } from './diagnosisTypes.js';
import type { DiagnoseOptions } from './diagnoseRun.js';
import { describeGain, gainOf, worthIt } from './gainOf.js';
import { planConflictCosts } from './planConflictCosts.js';
import { simulateMakespan, simulationBudget, timed, type SimulationBudget } from './simulateMakespan.js';
import { totalDemand, withCapacity, withSplit } from './whatIfPlans.js';

/** The curve of a type goes up to this many agents at most. */
const MAX_CURVE_AGENTS = 64;
/** Critical-path tickets whose estimate is at least this share of the path are tried split. */
const SPLIT_SHARE = 0.2;

/**
 * Everything here comes from the plan's estimates (the default estimate for
 * a ticket without one) and from simulations of the plan with the real
 * dispatcher on a virtual clock:
 * - the critical path and its bottlenecks (`analyzePlan`: tickets on the
 *   path with two or more direct dependents, most dependents first);
 * - each conflict's makespan cost (`planConflictCosts`);
 * - per agent type, the makespan with 1…N agents of it (N: its ticket count,
 *   at most 64, the curve cut short once flat past the plan's count) and the
 *   fewest agents within 1 % of the best: where more stop helping;
 * - recommendations, each when it cuts at least 5 %: more agents, resolving a
 *   costly conflict (one more unit for a resource), splitting a long
 *   critical-path ticket; and estimates for tickets without one.
 * Registry tickets already done are left out: they will not run.
 */
export async function diagnosePlan(plan: CompiledPlan, options: DiagnoseOptions = {}): Promise<PlanDiagnosis> {
  const sections: DiagnosisSection[] = options.sections?.length ? [...options.sections] : ['conflicts', 'bottlenecks'];
  const whatIf = options.whatIf !== false;
  const analysis = analyzePlan(plan);
  const { value: sim, ms: oneSimulationMs } = await timed(() => simulatePlan(plan, { analysis }));
  const makespanMs = sim.makespanMs;
  const id = (i: number) => plan.tickets[i]!.id;
  const toRun = plan.tickets.filter((t) => registryOutcome(t.registryStatus) === undefined);
  const recommendations: Recommendation[] = [];
  const budget = simulationBudget(oneSimulationMs, options.maxSimulations);

  const curves: AgentCurve[] = [];
  if (sections.includes('bottlenecks') && whatIf) {
    const types = plan.agents.filter((a) => toRun.some((t) => t.agent === a.name));
    for (const a of types) {
      const ofType = toRun.filter((t) => t.agent === a.name).length;
      const maxPoints = Math.max(3, Math.min(16, Math.floor(budget.left / (2 * types.length))));
      const points = await agentCurve(plan, a.name, { to: Math.min(ofType, MAX_CURVE_AGENTS, Math.max(2 * a.count, a.count + 4)), maxPoints, budget });
      const enoughAt = enoughAgents(points);
      curves.push({ agentType: a.name, planned: a.count, points, enoughAt });
      const point = points.find((p) => p.agents === enoughAt);
      const gain = point && gainOf(makespanMs, point.makespanMs);
      if (enoughAt > a.count && worthIt(gain)) {
        const add = enoughAt - a.count;
        recommendations.push({
          kind: 'add-agents',
          section: 'bottlenecks',
          agentType: a.name,
          add,
          from: a.count,
          ...gain,
          text: `${add} more \`${a.name}\` agent${add === 1 ? '' : 's'} (${a.count} → ${enoughAt}) would cut ${describeGain(gain)}${firstStep(points, a.count, enoughAt, makespanMs)}; more than ${enoughAt} stop helping`,
        });
      }
    }
  }

  // With a tight budget (a large plan) the curves come first, then the conflicts, then splits.
  let conflicts: PlanConflictCost[] = [];
  let conflictsCostMs: number | undefined;
  if (sections.includes('conflicts')) {
    const costs = await planConflictCosts(plan, analysis, whatIf ? makespanMs : undefined, budget);
    conflicts = costs.costs;
    conflictsCostMs = costs.allMs;
    if (whatIf) recommendations.push(...(await conflictAdvice(plan, conflicts, makespanMs, budget)));
  }
  if (sections.includes('bottlenecks') && whatIf) recommendations.push(...(await splitAdvice(plan, analysis, makespanMs, budget)));

  const missing = toRun.filter((t) => t.estimateMs === undefined).map((t) => t.id);
  if (sections.includes('bottlenecks') && missing.length > 0) {
    recommendations.push({
      kind: 'add-estimates',
      section: 'bottlenecks',
      tickets: missing,
      defaultMs: plan.defaultEstimateMs,
      text: `Give ${missing.length === 1 ? 'this ticket an estimate' : `these ${missing.length} tickets estimates`} (counted as ${formatDuration(plan.defaultEstimateMs)} each): ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? `, +${missing.length - 5} more` : ''}; the critical path, the ranks and every number here depend on them`,
    });
  }
  recommendations.sort((a, b) => (b.savedMs ?? -1) - (a.savedMs ?? -1));

  return {
    kind: 'plan',
    planName: plan.name,
    file: plan.file,
    strategy: plan.strategy,
    tickets: plan.tickets.length,
    agents: plan.agents.map((a) => ({ type: a.name, count: a.count })),
    makespanMs,
    lowerBoundMs: sim.lowerBoundMs,
    totalWorkMs: analysis.totalWorkMs,
    criticalPath: {
      tickets: analysis.criticalPath.tickets.map((i) => ({ id: id(i), estimateMs: plan.tickets[i]!.estimateMs ?? plan.defaultEstimateMs, estimated: plan.tickets[i]!.estimateMs !== undefined })),
      totalMs: analysis.criticalPath.totalMs,
    },
    bottlenecks: analysis.bottlenecks.map((i) => ({
      id: id(i),
      dependents: analysis.dependents[i]!.length,
      estimateMs: plan.tickets[i]!.estimateMs ?? plan.defaultEstimateMs,
      remainingMs: analysis.remainingMs[i]!,
    })),
    conflicts,
    conflictsCostMs,
    curves,
    missingEstimates: { tickets: missing, defaultMs: plan.defaultEstimateMs },
    recommendations,
    whatIfsSkipped: budget.skipped,
    sections,
  };
}

/** Conflicts that cost at least `MIN_GAIN`: resolve the pair, widen the resource by one unit, lift the isolation. */
async function conflictAdvice(plan: CompiledPlan, costs: readonly PlanConflictCost[], makespanMs: number, budget: SimulationBudget): Promise<Recommendation[]> {
  const out: Recommendation[] = [];
  for (const c of costs) {
    if (c.costMs === undefined || !worthIt(gainOf(makespanMs, makespanMs - c.costMs))) continue;
    if (c.kind === 'resource_conflict' && c.resource !== undefined) {
      const capacity = (Object.hasOwn(plan.resources, c.resource) ? plan.resources[c.resource]! : 1) + 1;
      const after = await simulateMakespan(withCapacity(plan, c.resource, Math.min(capacity, totalDemand(plan, c.resource))), {}, budget);
      const gain = after === undefined ? undefined : gainOf(makespanMs, after);
      if (!worthIt(gain)) continue;
      out.push({ kind: 'raise-capacity', section: 'conflicts', resource: c.resource, capacity, ...gain, text: `Raise the capacity of \`${c.resource}\` to ${capacity}: it serialises ${c.tickets.length} tickets; one more unit would cut ${describeGain(gain)}` });
    } else if (c.kind === 'isolated') {
      const gain = gainOf(makespanMs, makespanMs - c.costMs);
      out.push({ kind: 'allow-parallel', section: 'conflicts', ticket: c.tickets[0]!, ...gain, text: `${c.tickets[0]} runs isolated: if it could share the machine the plan would be ${describeGain(gain)} shorter` });
    } else {
      const gain = gainOf(makespanMs, makespanMs - c.costMs);
      out.push({ kind: 'resolve-conflict', section: 'conflicts', tickets: c.tickets, conflict: c.kind, ...gain, text: `Resolve the conflict ${c.label}: it serialises work; without it the plan would be ${describeGain(gain)} shorter` });
    }
  }
  return out;
}

/** Long tickets on the critical path, tried split in two halves that can run side by side. */
async function splitAdvice(plan: CompiledPlan, analysis: PlanAnalysis, makespanMs: number, budget: SimulationBudget): Promise<Recommendation[]> {
  const path = analysis.criticalPath;
  const estimate = (i: number) => plan.tickets[i]!.estimateMs ?? plan.defaultEstimateMs;
  const long = path.tickets.filter((i) => path.totalMs > 0 && estimate(i) >= SPLIT_SHARE * path.totalMs).sort((a, b) => estimate(b) - estimate(a));
  const out: Recommendation[] = [];
  for (const i of long.slice(0, 3)) {
    const after = await simulateMakespan(withSplit(plan, i), {}, budget);
    const gain = after === undefined ? undefined : gainOf(makespanMs, after);
    if (!worthIt(gain)) continue;
    const t = plan.tickets[i]!;
    const fanOut = analysis.dependents[i]!.length;
    out.push({
      kind: 'split-ticket',
      section: 'bottlenecks',
      ticket: t.id,
      ticketMs: estimate(i),
      ...gain,
      text: `Split ${t.id}: ${formatDuration(estimate(i))} of the ${formatDuration(path.totalMs)} critical path${fanOut >= 2 ? `, ${fanOut} tickets wait for it` : ''}; in two halves that can run side by side the plan would be ${describeGain(gain)} shorter`,
    });
  }
  return out;
}
