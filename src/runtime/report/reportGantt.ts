/**
 * The report's Gantt chart: the actual schedule of a run drawn by the same
 * renderer as `tpe simulate`'s predicted one.
 */
import { formatDuration } from '../../plan/formatDuration.js';
import { renderGanttSvg, type GanttBar } from '../gantt/renderGanttSvg.js';
import type { ReportBar, RunReport } from './reportTypes.js';

const OUTCOME_WORDS: Record<ReportBar['outcome'], string> = {
  completed: 'completed',
  retried: 'failed, retried',
  failed: 'failed',
  interrupted: 'interrupted',
  cancelled: 'cancelled',
  running: 'running',
};

/** Gantt bars of an actual run: one per attempt, in its agent's lane, coloured by outcome and agent type. */
export function actualBars(bars: readonly ReportBar[], start: number): GanttBar[] {
  return bars.map((b) => ({
    ticket: b.ticket,
    agent: b.agentId,
    agentType: b.agentType,
    start: b.from,
    end: b.to,
    state: b.outcome,
    critical: b.critical,
    title: `${b.ticket} attempt ${b.attempt} on ${b.agentId} (${b.agentType}): +${formatDuration(b.from - start)} → +${formatDuration(b.to - start)}, ${formatDuration(b.to - b.from)}, ${OUTCOME_WORDS[b.outcome]}${b.critical ? ', on the critical chain' : ''}`,
  }));
}

/** The report's chart as SVG (`inline`: for an HTML page, without `xmlns`). */
export function renderReportGantt(report: RunReport, options: { inline?: boolean; width?: number } = {}): string {
  const { run, gantt } = report;
  const estimate = run.estimate ? ` · estimated ${formatDuration(run.estimate.makespanMs)}` : '';
  return renderGanttSvg(actualBars(gantt.bars, gantt.start), {
    title: `${run.planName}: actual schedule of ${run.id}`,
    subtitle: `${run.agents.map((a) => `${a.count} ${a.type}`).join(', ')} agents · ${run.live ? 'so far' : run.status} after ${formatDuration(run.wallMs)}${estimate} · strategy ${run.strategy}`,
    start: gantt.start,
    end: gantt.end,
    lanes: gantt.lanes.map((l) => l.id),
    outcomeLegend: true,
    ...(run.live ? { now: run.asOf } : {}),
    ...(options.inline ? { inline: true } : {}),
    ...(options.width === undefined ? {} : { width: options.width }),
  });
}
