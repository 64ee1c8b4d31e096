/**
 * The two pictures the page inlines: the plan's DAG and the ticket
 * statechart, rendered by Graphviz (WebAssembly) on first request and kept.
 * Laying out a DAG takes from tens of ms to seconds: it happens on a worker
 * thread (planDagSvg), so a run in this process never waits for it; once per
 * plan, and not at all above DAG_MAX_TICKETS (the page draws a grid). The
 * statechart is the committed `visualizations/ticket.svg`'s bytes.
 */
import type { PlanAnalysis } from '../../plan/analysisTypes.js';
import type { CompiledPlan } from '../../plan/types.js';
import { ticketMachineSvg } from '../viz/machineDiagrams.js';
import { exceedsSvgLimits, planDagSvg, planSize } from '../viz/planDagSvg.js';
import { DAG_MAX_TICKETS } from './planInfo.js';

const DAG_LIMITS = { tickets: DAG_MAX_TICKETS, dependencies: 3 * DAG_MAX_TICKETS };

export type DagPicture = { svg: string } | { tooLarge: number };

export class PlanPictures {
  private dag: { plan: CompiledPlan; svg: Promise<string> } | undefined;
  private machine: Promise<string> | undefined;

  /** The plan's DAG as SVG (ticket nodes `#ticket-<ID>`), or how many tickets made it too large to lay out. */
  async dagSvg(plan: CompiledPlan, analysis: () => PlanAnalysis): Promise<DagPicture> {
    // Layout time grows with dependencies as much as with tickets.
    if (exceedsSvgLimits(planSize(plan), DAG_LIMITS)) return { tooLarge: plan.tickets.length };
    // A plan that grew (`adjust --add`) is a new object: render it again.
    if (this.dag?.plan !== plan) {
      const svg = planDagSvg(plan, { analysis: analysis(), limits: DAG_LIMITS }).then((picture) => {
        if (!picture.ok) throw new Error(`the plan is too large to lay out (${picture.tooLarge.tickets} tickets, ${picture.tooLarge.dependencies} dependencies)`);
        return picture.svg;
      });
      svg.catch(() => {
        if (this.dag?.svg === svg) this.dag = undefined;
      });
      this.dag = { plan, svg };
    }
    return { svg: await this.dag.svg };
  }

  /** The ticket statechart (states `#state-<name>`). */
  ticketMachineSvg(): Promise<string> {
    if (this.machine === undefined) {
      const svg = ticketMachineSvg();
      svg.catch(() => {
        this.machine = undefined;
      });
      this.machine = svg;
    }
    return this.machine;
  }
}
