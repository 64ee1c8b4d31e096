/**
 * `diagnose`: where a plan's or a run's time goes and what would shorten it.
 * Pure analysis over plain inputs (a compiled plan; for a run, the journal
 * and wait rows the store recorded), plus what-if simulations of the plan on
 * a virtual clock.
 */
export type {
  AgentCurve,
  AgentTypeUse,
  AgentUse,
  AttemptSummary,
  BusyInterval,
  ChainSegment,
  ContendedThing,
  CriticalChain,
  CurvePoint,
  Diagnosis,
  DiagnosisSection,
  EstimateAccuracy,
  EstimateMiss,
  JournalRow,
  LastBlock,
  PlanConflictCost,
  PlanDiagnosis,
  ReadyWait,
  RecordedRun,
  Recommendation,
  RunDiagnosis,
  StateSpan,
  TicketDiagnosis,
  TicketTimeline,
  WaitCause,
  WaitRow,
  WhatIfModel,
} from './diagnosisTypes.js';
export { WAIT_CAUSES } from './diagnosisTypes.js';

export { diagnoseRun, type DiagnoseOptions } from './diagnoseRun.js';
export { diagnosePlan } from './diagnosePlan.js';

export { buildTimelines } from './buildTimelines.js';
export { busyIntervals } from './busyIntervals.js';
export { buildStretchIndex, type Stretch, type StretchIndex, type WeightedInterval } from './buildStretchIndex.js';
export { indexRun, type RunIndex } from './indexRun.js';
export { explainReadyWait, dominantCause } from './explainReadyWait.js';
export { diagnoseTickets, type TicketsDiagnosed } from './diagnoseTickets.js';
export { agentUtilization } from './agentUtilization.js';
export { estimateAccuracy } from './estimateAccuracy.js';
export { criticalChain, describeBlock, type ChainInputs } from './criticalChain.js';
export { contendedThings } from './contendedThings.js';
export { conflictKey, conflictPair, splitKey } from './contendedKey.js';
export { recommendForRun, type RunRecommendationInputs, type RunRecommendations } from './recommendForRun.js';
export { planConflictCosts, relieved, MAX_CONFLICTS_SIMULATED } from './planConflictCosts.js';
export { agentCurve, enoughAgents, firstStep, countsBetween, AS_GOOD, type CurveOptions } from './agentCurve.js';
export {
  simulateMakespan,
  simulationBudget,
  agentsWith,
  timed,
  SIMULATION_TIME_MS,
  MIN_SIMULATIONS,
  MAX_SIMULATIONS,
  type SimulationBudget,
  type WhatIf,
} from './simulateMakespan.js';
export { gainOf, worthIt, describeGain, MIN_GAIN, type Gain } from './gainOf.js';
export { withDurations, withoutConflict, withoutConflicts, withCapacity, withoutIsolation, withSplit, totalDemand } from './whatIfPlans.js';
