/**
 * A plan's DAG as SVG, for `tpe viz` and the dashboard's `/api/dag.svg`:
 * `planDot` laid out by Graphviz on a worker thread (`renderDotOffThread`),
 * so neither a live run nor a progress display stalls during the layout.
 *
 * Graphviz in WebAssembly is single-threaded and its layout grows faster than
 * linearly with dependencies (measured: 3,000 tickets with 6,000 dependencies
 * take ~11 s, 2,000 with 8,000 ~40 s, and nobody reads such a picture): above
 * `PLAN_SVG_LIMITS` the plan is refused, and its DOT text is the way out.
 */
import type { CompiledPlan } from '../../plan/types.js';
import { planDot, type PlanDotOptions } from './planDot.js';
import { renderDotOffThread } from './renderDotOffThread.js';

export interface PlanSize {
  tickets: number;
  /** Hard dependencies (`depends_on` arrows); soft ones do not shape the layout. */
  dependencies: number;
}

/** The largest plan laid out as SVG. */
export const PLAN_SVG_LIMITS: Readonly<PlanSize> = { tickets: 3000, dependencies: 6000 };

export type PlanDagSvg = { ok: true; svg: string; size: PlanSize } | { ok: false; tooLarge: PlanSize; limits: PlanSize };

export interface PlanDagSvgOptions extends PlanDotOptions {
  /** Stops the layout (the worker thread is terminated); the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** @default PLAN_SVG_LIMITS */
  limits?: PlanSize;
}

export function planSize(plan: CompiledPlan): PlanSize {
  return { tickets: plan.tickets.length, dependencies: plan.tickets.reduce((n, t) => n + t.dependsOn.length, 0) };
}

/** Whether a plan of this size is refused as SVG. */
export function exceedsSvgLimits(size: PlanSize, limits: PlanSize = PLAN_SVG_LIMITS): boolean {
  return size.tickets > limits.tickets || size.dependencies > limits.dependencies;
}

export async function planDagSvg(plan: CompiledPlan, options: PlanDagSvgOptions = {}): Promise<PlanDagSvg> {
  const { signal, limits = PLAN_SVG_LIMITS, ...dotOptions } = options;
  const size = planSize(plan);
  if (exceedsSvgLimits(size, limits)) return { ok: false, tooLarge: size, limits };
  const svg = await renderDotOffThread(planDot(plan, dotOptions), signal ? { signal } : {});
  return { ok: true, svg, size };
}
