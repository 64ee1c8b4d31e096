import type { ConflictInfo, PlanAnalysis } from '../analysisTypes.js';
import type { CompiledPlan, Strategy } from '../types.js';
import { formatSeedDuration } from './formatSeedDuration.js';

/** What {@link recommendOptimizations} looks at. */
export interface RecommendInput {
  /** The planned tickets, with their real time limits. */
  plan: CompiledPlan;
  analysis: PlanAnalysis;
  strategy: Strategy;
  /** The predicted makespan of the plan as written. */
  makespanMs: number;
  /** Agents per type the prediction used. */
  agents: ReadonlyMap<string, number>;
  /** Predicted makespan with other agent counts or another strategy. */
  simulate: (agents: Record<string, number>, strategy: Strategy) => Promise<number>;
  /** Each ticket's position in id order (see `idRanks`). */
  rank: Int32Array;
}

/** A ticket this long a share of the critical path is worth splitting even without dependents. */
const DOMINANT_SHARE = 0.4;
/** Predictions that improve by less than this are not worth a recommendation. */
const WORTHWHILE = 0.05;
const CONFLICTS_SHOWN = 3;
const NAMES_SHOWN = 3;

/**
 * Concrete advice on a generated plan, most useful first, each naming
 * tickets and numbers: estimates beyond time limits, tickets to split on the
 * critical path, agents worth adding (measured by simulating the run with
 * them), a faster strategy than `sequential`, the conflicts that serialize
 * the most critical work, contended resource pools, and missing estimates.
 * Deterministic: the same plan gives the same sentences in the same order.
 */
export async function recommendOptimizations(input: RecommendInput): Promise<string[]> {
  const { plan, analysis } = input;
  const out: string[] = [];
  const id = (i: number) => plan.tickets[i]!.id;
  const estimate = (i: number) => plan.tickets[i]!.estimateMs ?? plan.defaultEstimateMs;
  const duration = formatSeedDuration;

  const overLimit = plan.tickets.filter((t) => (t.estimateMs ?? plan.defaultEstimateMs) > t.timeoutMs);
  if (overLimit.length > 0) {
    const named = overLimit.slice(0, NAMES_SHOWN).map((t) => `${t.id} ${duration(t.estimateMs ?? plan.defaultEstimateMs)} > ${duration(t.timeoutMs)}`);
    out.push(
      `Raise the time limit (defaults.timeout, or the ticket's timeout) of ${overLimit.length === 1 ? 'the ticket' : `${overLimit.length} tickets`} estimated beyond it (${named.join(', ')}${more(overLimit.length)}): the run would stop ${overLimit.length === 1 ? 'it' : 'them'} at the limit`,
    );
  }

  const path = analysis.criticalPath;
  const bottlenecks = analysis.bottlenecks.slice(0, 2);
  for (const b of bottlenecks) {
    out.push(`Split ${id(b)} (${duration(estimate(b))}, on the critical path, ${analysis.dependents[b]!.length} dependents): its dependents wait for all of it`);
  }
  let longest = -1;
  for (const t of path.tickets) if (longest === -1 || estimate(t) > estimate(longest)) longest = t;
  if (longest !== -1 && !bottlenecks.includes(longest) && path.totalMs > 0 && estimate(longest) >= DOMINANT_SHARE * path.totalMs) {
    const share = Math.round((estimate(longest) / path.totalMs) * 100);
    out.push(`Split ${id(longest)} (${duration(estimate(longest))}): ${share}% of the critical path (${duration(path.totalMs)})`);
  }

  out.push(...(await agentAdvice(input)));
  out.push(...conflictAdvice(input));

  for (const [resource, capacity] of Object.entries(plan.resources)) {
    if (capacity <= 1) continue;
    const users = analysis.conflicts.find((c) => c.kind === 'resource_conflict' && c.resource === resource);
    if (users) out.push(`${users.tickets.length} tickets compete for ${resource} (capacity ${capacity}): at most ${capacity} of them run at once`);
  }

  const unestimated = plan.tickets.filter((t) => t.estimateMs === undefined).sort((a, b) => input.rank[a.index]! - input.rank[b.index]!);
  if (unestimated.length > 0) {
    const which = unestimated.length === 1 ? `${unestimated[0]!.id}: without estimated_effort it counts` : `${unestimated.length} tickets (${unestimated.slice(0, NAMES_SHOWN).map((t) => t.id).join(', ')}${more(unestimated.length)}): without estimated_effort each counts`;
    out.push(`Estimate ${which} as ${duration(plan.defaultEstimateMs)}, so the durations of this plan are partly guesses`);
  }
  return out;
}

/**
 * More agents where the groups could use them, measured by simulation (one
 * run per agent type with room: up to double its agents, no more than its
 * widest group uses). Under `sequential`, agents do not matter: the advice is
 * the strategy. When agents cannot help, the critical path is the limit.
 */
async function agentAdvice(input: RecommendInput): Promise<string[]> {
  const { plan, analysis, strategy, makespanMs, agents } = input;
  const duration = formatSeedDuration;
  if (plan.tickets.length === 0) return [];
  const counts = Object.fromEntries(plan.agents.map((a) => [a.name, agents.get(a.name) ?? a.count]));
  if (strategy === 'sequential') {
    const balanced = await input.simulate(counts, 'balanced');
    if (balanced < makespanMs * (1 - WORTHWHILE)) {
      return [`Use --strategy balanced: predicted makespan ${duration(makespanMs)} → ${duration(balanced)} (simulated with the same agents); sequential runs one ticket at a time`];
    }
    return [];
  }
  const out: string[] = [];
  if (strategy !== 'maximum') {
    for (const agent of plan.agents) {
      const count = counts[agent.name]!;
      let widest = 0;
      for (const g of analysis.groups) widest = Math.max(widest, g.agentsRequired[agent.name] ?? 0);
      const added = Math.min(widest - count, Math.max(1, count));
      if (added <= 0) continue;
      const predicted = await input.simulate({ ...counts, [agent.name]: count + added }, strategy);
      if (predicted < makespanMs * (1 - WORTHWHILE)) {
        out.push(`Add ${added} ${agent.name} agent${added === 1 ? '' : 's'}: predicted makespan ${duration(makespanMs)} → ${duration(predicted)} (simulated)`);
      }
    }
  }
  const path = analysis.criticalPath;
  if (out.length === 0 && path.tickets.length > 1 && path.totalMs > 0 && makespanMs <= path.totalMs * (1 + WORTHWHILE)) {
    out.push(`The critical path (${path.tickets.length} tickets, ${duration(path.totalMs)}) sets the predicted makespan (${duration(makespanMs)}): more agents cannot shorten it, shorter tickets on it can`);
  }
  return out;
}

/** The conflicts that cost the most: those touching the critical path, then the longest pairs. */
function conflictAdvice(input: RecommendInput): string[] {
  const { plan, analysis, rank } = input;
  const onPath = new Set(analysis.criticalPath.tickets);
  const estimate = (i: number) => plan.tickets[i]!.estimateMs ?? plan.defaultEstimateMs;
  const relevant = analysis.conflicts.filter((c) => c.kind !== 'resource_conflict' || (plan.resources[c.resource ?? ''] ?? 1) === 1);
  const weight = (c: ConflictInfo) => ({
    critical: c.tickets.some((t) => onPath.has(t)) ? 0 : 1,
    work: c.tickets.reduce((sum, t) => sum + estimate(t), 0),
    first: Math.min(...c.tickets.slice(0, 8).map((t) => rank[t]!)),
  });
  const ranked = relevant
    .map((c) => ({ c, w: weight(c) }))
    .sort((x, y) => x.w.critical - y.w.critical || y.w.work - x.w.work || x.w.first - y.w.first)
    .map((x) => x.c);
  const out = ranked.slice(0, CONFLICTS_SHOWN).map((c) => describe(c, input));
  if (ranked.length > CONFLICTS_SHOWN) out.push(`${ranked.length - CONFLICTS_SHOWN} more conflicts (listed under conflicts) keep their tickets apart too`);
  return out;
}

function describe(conflict: ConflictInfo, input: RecommendInput): string {
  const { plan, rank } = input;
  const ids = [...conflict.tickets].sort((a, b) => rank[a]! - rank[b]!).map((i) => plan.tickets[i]!.id);
  const pair = `${ids[0]} and ${ids[1]}`;
  switch (conflict.kind) {
    case 'file_conflict': {
      const [a, b] = conflict.files ?? ['', ''];
      return `${pair} both touch ${a === b ? a : `${a} and ${b}`}: they run one after the other`;
    }
    case 'declared':
      return `${pair} are declared in conflict: they run one after the other`;
    case 'isolated': {
      const ticket = plan.tickets[conflict.tickets[0]!]!;
      return `${ticket.id} runs alone (isolated): nothing else runs during its ${formatSeedDuration(ticket.estimateMs ?? plan.defaultEstimateMs)}`;
    }
    case 'resource_conflict':
      return ids.length === 2
        ? `${pair} conflict on ${conflict.resource}: they run one after the other`
        : `${ids.length} tickets (${ids.slice(0, NAMES_SHOWN).join(', ')}${more(ids.length)}) conflict on ${conflict.resource}: they run one at a time`;
  }
}

function more(count: number): string {
  return count > NAMES_SHOWN ? ', …' : '';
}
