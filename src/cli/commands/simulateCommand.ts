/**
 * `tpe simulate <plan>` (and `tpe run --dry-run`): what a plan would do, from
 * its estimates, with the engine itself on a virtual clock — the curve of
 * predicted makespan against agent counts (where more agents stop helping),
 * the lower bound no schedule can beat, predicted group times, and a Gantt
 * chart of the predicted schedule. Nothing is executed.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { analyzePlan, formatDuration, loadPlan } from '../../plan/index.js';
import type { CompiledPlan, Strategy } from '../../plan/types.js';
import { renderGanttHtml, renderGanttSvg } from '../../runtime/gantt/renderGanttSvg.js';
import { scheduleBars } from '../../runtime/gantt/scheduleBars.js';
import { simulatePlan, type SimulationResult } from '../../runtime/simulatePlan.js';
import type { CliIO } from '../io.js';
import { parseAgentSweep } from '../parseAgentSweep.js';
import { printProblems } from '../printProblems.js';
import { renderTable } from '../render/renderTable.js';
import { styleFor } from '../render/style.js';

export interface SimulateCliOptions {
  agents?: string;
  strategy?: Strategy;
  /** Where to write the Gantt chart (`.svg` or `.html`); false (`--no-gantt`) for none. */
  gantt?: string | false;
  json?: boolean;
}

/** A gain below this share of the makespan is "more agents stop helping". */
const HELPFUL_GAIN = 0.05;

interface Point {
  agents: Record<string, number>;
  total: number;
  makespanMs: number;
  lowerBoundMs: number;
  efficiency: number;
}

export async function simulateCommand(target: string, opts: SimulateCliOptions, io: CliIO): Promise<number> {
  const style = styleFor(io.stderr, io.env);
  const loaded = await loadPlan(resolve(io.cwd, target), { baseDir: io.cwd, ...(opts.strategy ? { strategy: opts.strategy } : {}) });
  if (!loaded.ok) {
    printProblems(io.stderr, loaded.problems, style, { cwd: io.cwd });
    return 2;
  }
  const plan = loaded.value;
  const analysis = analyzePlan(plan);
  const sweep = parseAgentSweep(opts.agents, plan.agents);
  const points: Point[] = [];
  const showProgress = io.stderr.isTTY === true && !opts.json && sweep.length > 1;
  for (const [k, agents] of sweep.entries()) {
    if (showProgress) io.stderr.write(`\rsimulating ${k + 1}/${sweep.length}: ${describeAgents(agents)}…`.padEnd(60));
    const sim = await simulatePlan(plan, { agents, analysis });
    const total = Object.values(agents).reduce((a, b) => a + b, 0);
    points.push({ agents, total, makespanMs: sim.makespanMs, lowerBoundMs: sim.lowerBoundMs, efficiency: sim.makespanMs > 0 ? analysis.totalWorkMs / (sim.makespanMs * total) : 1 });
  }
  if (showProgress) io.stderr.write('\r'.padEnd(62) + '\r');
  // The configuration the plan asks for (or the one given) gets the detailed schedule.
  const chosen = sweep.length === 1 ? (sweep[0] as Record<string, number>) : Object.fromEntries(plan.agents.map((a) => [a.name, a.count]));
  const detail = await simulatePlan(plan, { agents: chosen, analysis });
  const knee = kneeOf(points);

  let ganttFile: string | undefined;
  if (opts.gantt !== false) {
    ganttFile = resolve(io.cwd, typeof opts.gantt === 'string' ? opts.gantt : `${safe(plan.name)}-simulation.html`);
    const chart = {
      title: `${plan.name}: predicted schedule`,
      subtitle: `${describeAgents(chosen)} · makespan ${formatDuration(detail.makespanMs)} · lower bound ${formatDuration(detail.lowerBoundMs)} · strategy ${plan.strategy}`,
    };
    const bars = scheduleBars(detail, plan, analysis);
    writeFileSync(ganttFile, ganttFile.endsWith('.svg') ? renderGanttSvg(bars, chart) : renderGanttHtml(bars, { ...chart, details: renderCurve(points, knee) }));
  }

  if (opts.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          plan: plan.name,
          strategy: plan.strategy,
          totalWorkMs: analysis.totalWorkMs,
          criticalPathMs: analysis.criticalPath.totalMs,
          curve: points,
          moreAgentsStopHelpingAt: knee?.agents,
          schedule: { agents: chosen, makespanMs: detail.makespanMs, lowerBoundMs: detail.lowerBoundMs, ratio: ratio(detail), groups: detail.groups, tickets: detail.tickets },
          gantt: ganttFile,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const out = [
    `${style.bold('Simulation')} of ${plan.name} (${plan.strategy}, ${plan.tickets.length} tickets, total work ${formatDuration(analysis.totalWorkMs)}, critical path ${formatDuration(analysis.criticalPath.totalMs)}): nothing was executed.`,
    '',
    renderCurve(points, knee),
    '',
    `${style.bold('Predicted schedule')} with ${describeAgents(chosen)}: makespan ${style.bold(formatDuration(detail.makespanMs))}, lower bound ${formatDuration(detail.lowerBoundMs)} (ratio ${ratio(detail).toFixed(3)})`,
    renderGroups(detail),
  ];
  if (ganttFile) out.push('', `Gantt chart: ${ganttFile}`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}

/** `tpe run --dry-run`: the plan's own agents, the predicted groups and makespan. */
export async function dryRun(plan: CompiledPlan, opts: { json: boolean }, io: CliIO): Promise<number> {
  const sim = await simulatePlan(plan);
  if (opts.json) {
    io.stdout.write(
      `${JSON.stringify({ plan: plan.name, strategy: plan.strategy, agents: sim.agents, makespanMs: sim.makespanMs, lowerBoundMs: sim.lowerBoundMs, ratioToLowerBound: ratio(sim), groups: sim.groups, tickets: sim.tickets }, null, 2)}\n`,
    );
    return 0;
  }
  const style = styleFor(io.stdout, io.env);
  io.stdout.write(
    [
      `${style.bold('Dry run')} of ${plan.name} (${plan.strategy}, ${sim.agents} agents): nothing was executed.`,
      '',
      renderGroups(sim),
      '',
      `Predicted makespan   ${style.bold(formatDuration(sim.makespanMs))}`,
      `Lower bound          ${formatDuration(sim.lowerBoundMs)} (max of critical path and work ÷ agents)`,
      `Ratio to the bound   ${ratio(sim).toFixed(3)}`,
      '',
    ].join('\n'),
  );
  return 0;
}

function ratio(sim: SimulationResult): number {
  return sim.lowerBoundMs > 0 ? sim.makespanMs / sim.lowerBoundMs : 1;
}

/** The first configuration after which one more step gains less than HELPFUL_GAIN. */
function kneeOf(points: readonly Point[]): Point | undefined {
  for (let k = 0; k + 1 < points.length; k++) {
    const here = points[k] as Point;
    const next = points[k + 1] as Point;
    if (here.makespanMs > 0 && (here.makespanMs - next.makespanMs) / here.makespanMs < HELPFUL_GAIN) return here;
  }
  return undefined;
}

function renderCurve(points: readonly Point[], knee: Point | undefined): string {
  return renderTable(
    ['Agents', 'Makespan', 'Gain', 'Lower bound', 'Ratio', 'Efficiency', ''],
    points.map((p, k) => {
      const prev = points[k - 1];
      const gain = prev && prev.makespanMs > 0 ? `${(((prev.makespanMs - p.makespanMs) / prev.makespanMs) * 100).toFixed(0)}%` : '-';
      return [
        describeAgents(p.agents),
        formatDuration(p.makespanMs),
        gain,
        formatDuration(p.lowerBoundMs),
        (p.lowerBoundMs > 0 ? p.makespanMs / p.lowerBoundMs : 1).toFixed(3),
        `${(p.efficiency * 100).toFixed(0)}%`,
        p === knee ? '← more agents stop helping' : '',
      ];
    }),
  );
}

function renderGroups(sim: SimulationResult): string {
  return renderTable(
    ['Group', 'Tickets', 'Starts', 'Ends', 'Duration'],
    sim.groups.map((g) => [
      String(g.id),
      g.tickets.length > 6 ? `${g.tickets.slice(0, 6).join(', ')} +${g.tickets.length - 6}` : g.tickets.join(', '),
      formatDuration(g.start),
      formatDuration(g.end),
      formatDuration(g.end - g.start),
    ]),
  );
}

function describeAgents(agents: Record<string, number>): string {
  const entries = Object.entries(agents);
  if (entries.length === 1) return `${entries[0]?.[1]} ${entries[0]?.[0]}`;
  return entries.map(([t, n]) => `${t}=${n}`).join(' ');
}

function safe(name: string): string {
  const s = name.replace(/[^A-Za-z0-9._-]+/g, '-');
  if (s === '') throw new UsageError('the plan has no usable name for the chart file: give --gantt <file>');
  return s;
}
