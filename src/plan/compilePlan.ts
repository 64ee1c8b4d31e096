import { basename, extname, resolve } from 'node:path';
import type { CompileContext } from './CompileContext.js';
import { compileNativePlan } from './compileNativePlan.js';
import { compileSeedPlan } from './compileSeedPlan.js';
import { describeValue } from './describeValue.js';
import { didYouMean } from './didYouMean.js';
import { ProblemList } from './ProblemList.js';
import { memorySourceDoc } from './SourceDoc.js';
import { STRATEGIES, type CompiledPlan, type Loaded, type Strategy } from './types.js';

/** Options of {@link compilePlan}. */
export interface CompilePlanOptions {
  /** Named in problems (`plan.yaml:1:1 tickets[2].id: …`) and as `CompiledPlan.file`. */
  file: string;
  /** Directory relative paths (`cwd`, `module`, `registry`) resolve against. */
  baseDir: string;
  /** Plan name when the plan gives none. @default the file name without its extension */
  name?: string;
  /** Replaces the plan's strategy. */
  strategy?: Strategy;
  /** Replaces agent counts by agent type (`{ shell: 8 }`); an unknown type is a problem. */
  agents?: Record<string, number>;
}

/**
 * Compiles a plan built in code, by the same rules as a YAML file: a native
 * plan, or a seed plan (an object with `execution_plan`). Never throws on bad
 * input; problems are located at `file:1:1` with their field path, since an
 * object has no lines.
 *
 * @example
 * const loaded = compilePlan({ tickets: [{ id: 'A', run: 'make' }] }, { file: '<memory>', baseDir: process.cwd() });
 * if (!loaded.ok) for (const p of loaded.problems) console.error(formatProblem(p));
 */
export function compilePlan(raw: unknown, options: CompilePlanOptions): Loaded<CompiledPlan> {
  const problems = new ProblemList();
  const doc = memorySourceDoc(options.file);
  const context: CompileContext = {
    doc,
    baseDir: resolve(options.baseDir),
    defaultName: options.name ?? planNameFrom(options.file),
    strategy: checkStrategy(options.strategy, problems, options.file),
    agents: options.agents,
  };
  return problems.result(compileRaw(raw, context, problems));
}

/** Dispatches on the format: a top-level `execution_plan` marks a seed plan. */
export function compileRaw(raw: unknown, context: CompileContext, problems: ProblemList): CompiledPlan | undefined {
  const isSeed = raw !== null && typeof raw === 'object' && !Array.isArray(raw) && Object.hasOwn(raw, 'execution_plan');
  return isSeed ? compileSeedPlan(raw, context, problems) : compileNativePlan(raw, context, problems);
}

/** `plans/release-2.0.yaml` is the plan `release-2.0`. */
export function planNameFrom(file: string): string {
  const base = basename(file);
  return base.slice(0, base.length - extname(base).length) || base || 'plan';
}

/** A strategy override from code or the command line, checked like the plan's own. */
export function checkStrategy(strategy: string | undefined, problems: ProblemList, file: string): Strategy | undefined {
  if (strategy === undefined) return undefined;
  const lower = String(strategy).toLowerCase();
  if ((STRATEGIES as readonly string[]).includes(lower)) return lower as Strategy;
  const suggestion = didYouMean(lower, STRATEGIES);
  problems.error('INVALID_FIELD', memorySourceDoc(file), ['strategy'], 'invalid strategy override', {
    expected: `one of ${STRATEGIES.join(', ')}`,
    found: describeValue(strategy),
    ...(suggestion === undefined ? {} : { suggestion }),
  });
  return undefined;
}
