/** Types of bench/quality.mjs (the schedule-quality benchmark), for the tests. */
export interface DagShape {
  /** Dependencies are drawn from the `window` tickets just before. */
  window: number;
  /** Each ticket has 0…maxDeps dependencies (uniform). */
  maxDeps: number;
  /** Durations are medianMs × exp(N(0, sigma)). */
  sigma: number;
  medianMs: number;
}
export const QUALITY_SEED: number;
export const SHAPE: DagShape;
export const TARGET: { agents: number; mean: number; worst: number; fifoSlack: number };

type Deps = ReadonlyArray<readonly number[]>;
type Durations = readonly number[];

/** The seeded random DAG of the benchmark: `deps[i]` are earlier indices, durations in ms. */
export function qualityDag(n: number, seed: number, shape?: Partial<DagShape>): { deps: number[][]; durations: number[] };
/** Longest path from the start of each ticket to the end, the ticket included. */
export function remainingPaths(deps: Deps, durations: Durations): Float64Array;
/** max(critical path, work ÷ agents), and which of the two binds. */
export function lowerBoundOf(deps: Deps, durations: Durations, agents: number): { bound: number; criticalPath: number; work: number; binds: 'path' | 'work' };
/** A lower bound at least as tight: max over sets of a + work ÷ agents + b (heads ≥ a, tails ≥ b). */
export function headTailBound(deps: Deps, durations: Durations, agents: number): number;

/** The order of a list scheduler: lower first, compared lexicographically. */
export type ListKey = (ticket: number, readyAt: number) => number[];
/** FIFO ready order (make, p-graph): became ready first, then index. */
export const fifoKey: ListKey;
/** Critical path first, then age, then index. */
export function criticalPathKey(remaining: ArrayLike<number>): ListKey;
/** A list scheduler on `agents` identical slots. */
export function listSchedule(deps: Deps, durations: Durations, agents: number, key: ListKey): { makespan: number; start: Float64Array };
/** Problems with a schedule (empty when it respects dependencies, durations and the slot count). */
export function checkSchedule(
  deps: Deps,
  durations: Durations,
  agents: number,
  starts: ArrayLike<number | undefined>,
  ends: ArrayLike<number | undefined>,
): string[];

export interface QualityOptions {
  /** @default 100 */
  dags?: number;
  /** @default 200 */
  tickets?: number;
  /** @default [4, 8] */
  agents?: number[];
  /** The first is the one the target applies to. @default ['balanced', 'critical-path'] */
  strategies?: string[];
  /** DAG k has seed `seed + k`. @default QUALITY_SEED */
  seed?: number;
  shape?: Partial<DagShape>;
  /** Adds one row per DAG and agent count. */
  perDag?: boolean;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** Makespan ÷ lower bound over the DAGs. */
export interface RatioSummary {
  mean: number;
  worst: number;
  worstSeed: number;
  /** The same ratios against `headTailBound`. */
  tight: { mean: number; worst: number };
}

export interface EngineSummary extends RatioSummary {
  /** DAGs on which the engine's makespan exceeds FIFO's by more than 1 %. */
  worseThanFifoBy1pct: number;
  /** The DAG with the highest engine ÷ FIFO makespan. */
  worstVsFifo: { seed: number; ratio: number; engine: number; fifo: number; bound: number };
  betterThanFifo: number;
  /** DAGs on which the engine's makespan equals the reference critical-path-first list scheduler's. */
  sameAsReference: number;
}

export interface AgentCountSummary {
  boundBinds: { path: number; work: number };
  boundSlack: { mean: number; worst: number };
  fifo: RatioSummary;
  referenceCriticalPath: RatioSummary;
  /** One entry per strategy, e.g. `balanced`, `critical-path`. */
  [strategy: string]: EngineSummary | RatioSummary | AgentCountSummary['boundBinds'] | AgentCountSummary['boundSlack'];
}

export interface QualityResult {
  dags: number;
  tickets: number;
  seeds: [number, number];
  shape: DagShape;
  agents: Record<string, AgentCountSummary>;
  /** The target, judged on the first strategy; undefined when its agent count was not measured. */
  target: (typeof TARGET & { strategy: string; met: boolean }) | undefined;
  simulations: number;
  simulationMsMean: number;
  ms: number;
  perDag?: Array<{
    seed: number;
    agents: number;
    bound: number;
    binds: 'path' | 'work';
    tightBound: number;
    fifo: number;
    reference: number;
    engine: Record<string, number>;
  }>;
}

export function measureQuality(options?: QualityOptions): Promise<QualityResult>;
export function formatQuality(result: QualityResult): string[];
