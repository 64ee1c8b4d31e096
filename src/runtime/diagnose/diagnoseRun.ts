/**
 * `diagnose <run>`: where a recorded run's time went, what made it as long
 * as it was, and what would have made it shorter.
 */
import type { TicketState } from '../../machines/ticketMachine.js';
import { analyzePlan } from '../../plan/analyzePlan.js';
import { agentUtilization } from './agentUtilization.js';
import { buildTimelines } from './buildTimelines.js';
import { contendedThings } from './contendedThings.js';
import { criticalChain } from './criticalChain.js';
import { diagnoseTickets } from './diagnoseTickets.js';
import type { DiagnosisSection, RecordedRun, RunDiagnosis, WaitCause } from './diagnosisTypes.js';
import { estimateAccuracy } from './estimateAccuracy.js';
import { indexRun } from './indexRun.js';
import { recommendForRun } from './recommendForRun.js';

export interface DiagnoseOptions {
  /** What to look into: `conflicts` (`--check-conflicts`), `bottlenecks` (`--analyze-bottlenecks`). @default both */
  sections?: readonly DiagnosisSection[];
  /** Run the what-if simulations behind the recommendations. @default true */
  whatIf?: boolean;
  /**
   * Most what-if simulations. By default about 15 s worth, judged from the
   * first one, between 3 and 250 (`simulationBudget`).
   */
  maxSimulations?: number;
}

/**
 * Diagnoses a run from what the store recorded (see `RecordedRun`). A run
 * still going is diagnosed as of `now`: its waits and busy times so far, its
 * chain up to the running ticket that leads to its end. Pure apart from the
 * simulations, which run on a virtual clock.
 *
 * @example
 * const diagnosis = await diagnoseRun({ runId, status, plan: store.planOf(runId), startedAt, endedAt, now: Date.now(), live: false, journal: store.journalRows(runId), waits: store.waitRows(runId) });
 */
export async function diagnoseRun(run: RecordedRun, options: DiagnoseOptions = {}): Promise<RunDiagnosis> {
  const sections: DiagnosisSection[] = options.sections?.length ? [...options.sections] : ['conflicts', 'bottlenecks'];
  const { plan } = run;
  const windowEnd = Math.max(run.startedAt, run.endedAt ?? run.now);
  const wallMs = windowEnd - run.startedAt;
  const timelines = buildTimelines(plan, run.journal, run.startedAt, windowEnd);
  const index = indexRun(plan, timelines, run.waits);
  const analysis = analyzePlan(plan);
  const { tickets, readyWaits, lastDependency } = diagnoseTickets(index);
  const { agents, agentTypes } = agentUtilization(index, tickets, wallMs);
  const estimates = estimateAccuracy(tickets);
  const chain = criticalChain({ index, readyWaits, lastDependency, remainingMs: analysis.remainingMs });
  const contended = contendedThings(plan, readyWaits, analysis.conflicts);

  const counts: Partial<Record<TicketState, number>> = {};
  for (const tl of timelines) counts[tl.state] = (counts[tl.state] ?? 0) + 1;
  const waiting = { dependencyMs: 0, readyMs: 0, byCause: {} as Partial<Record<WaitCause, number>> };
  for (const t of tickets) {
    waiting.dependencyMs += t.dependencyMs;
    waiting.readyMs += t.readyMs;
    for (const [cause, ms] of Object.entries(t.readyByCause) as Array<[WaitCause, number]>) waiting.byCause[cause] = (waiting.byCause[cause] ?? 0) + ms;
  }

  const advice =
    options.whatIf === false
      ? { recommendations: [], contended, model: undefined }
      : await recommendForRun({ plan, tickets, agentTypes, chain, contended, estimates, sections, ...(options.maxSimulations === undefined ? {} : { maxSimulations: options.maxSimulations }) });
  return {
    kind: 'run',
    runId: run.runId,
    planName: plan.name,
    status: run.status,
    live: run.live,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    wallMs,
    counts,
    total: plan.tickets.length,
    waiting,
    tickets,
    agents,
    agentTypes,
    estimates,
    criticalChain: chain,
    contended: advice.contended,
    recommendations: advice.recommendations,
    model: advice.model,
    sections,
  };
}
