/**
 * What would have made a run shorter, each suggestion with the simulated
 * number behind it.
 */
import { formatDuration } from '../../plan/formatDuration.js';
import type { CompiledPlan } from '../../plan/types.js';
import { agentCurve, enoughAgents, firstStep } from './agentCurve.js';
import type {
  AgentTypeUse,
  ContendedThing,
  CriticalChain,
  DiagnosisSection,
  EstimateAccuracy,
  Recommendation,
  TicketDiagnosis,
  WhatIfModel,
} from './diagnosisTypes.js';
import { conflictPair, splitKey } from './contendedKey.js';
import { describeGain, gainOf, worthIt } from './gainOf.js';
import { simulateMakespan, simulationBudget, timed, type SimulationBudget } from './simulateMakespan.js';
import { withCapacity, withDurations, withoutConflict, withoutIsolation, withSplit } from './whatIfPlans.js';

/** Most extra agents of one type tried. */
const MAX_EXTRA_AGENTS = 8;
/** Chain tickets whose running time is at least this share of the chain are candidates for a split. */
const SPLIT_SHARE = 0.2;
/** Most candidates simulated per kind of suggestion (each is a whole simulation). */
const MAX_CANDIDATES = 5;

export interface RunRecommendationInputs {
  plan: CompiledPlan;
  tickets: readonly TicketDiagnosis[];
  agentTypes: readonly AgentTypeUse[];
  chain: CriticalChain;
  contended: readonly ContendedThing[];
  estimates: EstimateAccuracy;
  sections: readonly DiagnosisSection[];
  /** Most what-if simulations (see `simulationBudget`). */
  maxSimulations?: number;
}

export interface RunRecommendations {
  recommendations: Recommendation[];
  /** `contended`, with the simulated makespan without each (the largest few). */
  contended: ContendedThing[];
  model: WhatIfModel | undefined;
}

/**
 * The what-ifs run the plan again on a virtual clock (`simulatePlan`: the
 * real dispatcher) with each ticket taking its observed duration when it
 * completed (all its attempts' running time) and otherwise its estimate ×
 * the run's observed actual/estimate ratio (the default estimate for a
 * ticket without one). Every variant is compared with that same model of
 * the run unchanged (`model.baselineMs`), not with the wall time, so that
 * what the model leaves out (dispatch latency, pauses, crashes, retried
 * failures that failed again) cancels out. Every ticket is simulated as
 * succeeding, and the whole run is simulated (for a live run too: the
 * question is how the run would have gone, not what is left of it). The
 * simulations stop when their budget is spent (`simulationBudget`); the
 * model says how many were left out.
 *
 * Suggestions, each made only when it cuts at least `MIN_GAIN` (5 %):
 * - more agents of each type whose tickets waited for an agent: +1…+8,
 *   the fewest within 1 % of the best;
 * - splitting a ticket whose running time is ≥ 20 % of the critical chain
 *   (simulated as two halves that may run side by side: an upper bound);
 * - for the five conflicts, resources and isolated tickets waited on most:
 *   the conflict removed, one more unit of the resource, the isolation
 *   lifted, or `balanced` instead of `sequential`;
 * - estimates for tickets that had none (no simulation: the number is what
 *   they took).
 */
export async function recommendForRun(inputs: RunRecommendationInputs): Promise<RunRecommendations> {
  const { plan, tickets, chain, estimates, sections } = inputs;
  const recommendations: Recommendation[] = [];
  const contended = inputs.contended.map((c) => ({ ...c }));
  const indexOf = new Map(plan.tickets.map((t) => [t.id, t.index]));
  const observed = new Map<string, number>();
  for (const t of tickets) if (t.state === 'completed' && t.runningMs > 0) observed.set(t.id, t.runningMs);
  const modelPlan = withDurations(plan, (t) => observed.get(t.id) ?? (t.estimateMs ?? plan.defaultEstimateMs) * estimates.ratio);
  const baseline = await timed(() => simulateMakespan(modelPlan));
  const baselineMs = baseline.value;
  const budget = simulationBudget(baseline.ms, inputs.maxSimulations);
  const bottlenecks = sections.includes('bottlenecks');
  const conflicts = sections.includes('conflicts');

  if (baselineMs !== undefined && bottlenecks) {
    const waitedFor = [...inputs.agentTypes].filter((a) => a.waitedForAgentMs > 0).sort((a, b) => b.waitedForAgentMs - a.waitedForAgentMs);
    for (const use of waitedFor.slice(0, MAX_CANDIDATES)) {
      const planned = plan.agents.find((a) => a.name === use.type)?.count;
      const ofType = plan.tickets.filter((t) => t.agent === use.type).length;
      if (planned === undefined || ofType <= planned) continue;
      const maxPoints = Math.max(2, Math.min(MAX_EXTRA_AGENTS, Math.floor(budget.left / 3)));
      const points = await agentCurve(modelPlan, use.type, { from: planned + 1, to: Math.min(ofType, planned + MAX_EXTRA_AGENTS), maxPoints, budget });
      const enough = enoughAgents(points);
      const point = points.find((p) => p.agents === enough);
      const gain = point && gainOf(baselineMs, point.makespanMs);
      if (!worthIt(gain)) continue;
      const add = enough - planned;
      recommendations.push({
        kind: 'add-agents',
        section: 'bottlenecks',
        agentType: use.type,
        add,
        from: planned,
        ...gain,
        text: `${add} more \`${use.type}\` agent${add === 1 ? '' : 's'} (${planned} → ${enough}) would cut ${describeGain(gain)}${firstStep(points, planned, enough, baselineMs)}: they were ${Math.round(use.utilization * 100)}% busy and their tickets waited ${formatDuration(use.waitedForAgentMs)} for one`,
      });
    }
  }

  if (baselineMs !== undefined && conflicts) {
    for (const thing of contended.slice(0, MAX_CANDIDATES)) {
      const suggestion = await resolveContended(thing, modelPlan, indexOf, baselineMs, budget);
      if (!suggestion) continue;
      thing.withoutMs = suggestion.gain.afterMs;
      if (worthIt(suggestion.gain)) recommendations.push({ ...suggestion.recommendation, ...suggestion.gain });
    }
  }

  if (baselineMs !== undefined && bottlenecks) {
    const long = chain.tickets.filter((c) => chain.totalMs > 0 && c.runningMs >= SPLIT_SHARE * chain.totalMs).sort((a, b) => b.runningMs - a.runningMs);
    for (const c of long.slice(0, MAX_CANDIDATES)) {
      const i = indexOf.get(c.id);
      if (i === undefined) continue;
      const after = await simulateMakespan(withSplit(modelPlan, i), {}, budget);
      const gain = after === undefined ? undefined : gainOf(baselineMs, after);
      if (!worthIt(gain)) continue;
      recommendations.push({
        kind: 'split-ticket',
        section: 'bottlenecks',
        ticket: c.id,
        ticketMs: c.runningMs,
        ...gain,
        text: `Split ${c.id}: it ran ${formatDuration(c.runningMs)}, ${Math.round((c.runningMs / chain.totalMs) * 100)}% of the critical chain; in two halves that can run side by side the run would be ${describeGain(gain)} shorter`,
      });
    }
  }

  if (bottlenecks && estimates.missing.length > 0) {
    const took = estimates.missing.slice(0, 5).map((id) => {
      const ms = tickets.find((t) => t.id === id)?.runningMs ?? 0;
      return ms > 0 ? `${id} (took ${formatDuration(ms)})` : id;
    });
    const more = estimates.missing.length > took.length ? `, +${estimates.missing.length - took.length} more` : '';
    recommendations.push({
      kind: 'add-estimates',
      section: 'bottlenecks',
      tickets: estimates.missing,
      defaultMs: plan.defaultEstimateMs,
      text: `Give ${estimates.missing.length === 1 ? 'this ticket an estimate' : `these ${estimates.missing.length} tickets estimates`} (they counted as ${formatDuration(plan.defaultEstimateMs)} each): ${took.join(', ')}${more}; the critical path, the ranks and the ETA depend on them`,
    });
  }
  recommendations.sort((a, b) => (b.savedMs ?? -1) - (a.savedMs ?? -1));
  const model: WhatIfModel | undefined = baselineMs === undefined ? undefined : { baselineMs, ratio: estimates.ratio, observed: observed.size, skipped: budget.skipped };
  return { recommendations, contended, model };
}

type Suggestion = { recommendation: Recommendation; gain: ReturnType<typeof gainOf> };

/** The what-if that removes a contended thing, and what to say if it pays. */
async function resolveContended(
  thing: ContendedThing,
  plan: CompiledPlan,
  indexOf: ReadonlyMap<string, number>,
  baselineMs: number,
  budget: SimulationBudget,
): Promise<Suggestion | undefined> {
  const waited = `${thing.waiters.length} ticket${thing.waiters.length === 1 ? '' : 's'} waited ${formatDuration(thing.waitedMs)} on it`;
  const [kind, rest] = splitKey(thing.key);
  const measure = async (variant: CompiledPlan | undefined, strategy?: 'balanced') => {
    const after = await simulateMakespan(variant ?? plan, strategy ? { strategy } : {}, budget);
    return after === undefined ? undefined : gainOf(baselineMs, after);
  };
  const pair = kind === 'conflict' ? conflictPair(rest) : undefined;
  if (pair) {
    const [a, b] = pair.map((id) => indexOf.get(id));
    if (a === undefined || b === undefined) return undefined;
    const gain = await measure(withoutConflict(plan, a, b));
    if (!gain) return undefined;
    const text = `Resolve the conflict ${thing.label}: ${waited}; without it the run would be ${describeGain(gain)} shorter`;
    return { gain, recommendation: { kind: 'resolve-conflict', section: 'conflicts', tickets: [plan.tickets[a]!.id, plan.tickets[b]!.id], conflict: thing.conflict ?? 'declared', text } };
  }
  if ((kind === 'resource' || kind === 'reserved') && rest) {
    const capacity = (Object.hasOwn(plan.resources, rest) ? plan.resources[rest]! : 1) + 1;
    const gain = await measure(withCapacity(plan, rest, capacity));
    if (!gain) return undefined;
    const text = `Raise the capacity of \`${rest}\` to ${capacity} (or split what its holders do with it): ${waited}, held by ${thing.holders.slice(0, 3).join(', ')}${thing.holders.length > 3 ? '…' : ''}; with one more unit the run would be ${describeGain(gain)} shorter`;
    return { gain, recommendation: { kind: 'raise-capacity', section: 'conflicts', resource: rest, capacity, text } };
  }
  if (kind === 'isolation') {
    let best: Suggestion | undefined;
    const isolated = [...new Set([...thing.waiters, ...thing.holders])].map((id) => indexOf.get(id)).filter((i): i is number => i !== undefined && plan.tickets[i]!.isolated);
    for (const i of isolated.slice(0, 3)) {
      const gain = await measure(withoutIsolation(plan, i));
      if (!gain || (best && best.gain.savedMs >= gain.savedMs)) continue;
      const id = plan.tickets[i]!.id;
      const text = `${id} runs isolated (nothing beside it): ${waited}; if it could share the machine the run would be ${describeGain(gain)} shorter`;
      best = { gain, recommendation: { kind: 'allow-parallel', section: 'conflicts', ticket: id, text } };
    }
    return best;
  }
  if (kind === 'concurrency') {
    const gain = await measure(undefined, 'balanced');
    if (!gain) return undefined;
    const text = `The sequential strategy ran one ticket at a time: ${waited}; \`--strategy balanced\` would be ${describeGain(gain)} shorter`;
    return { gain, recommendation: { kind: 'change-strategy', section: 'conflicts', strategy: 'balanced', text } };
  }
  return undefined;
}
