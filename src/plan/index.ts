/**
 * The plan input layer: reading plans and ticket folders, validating them
 * with located problems, compiling them into the `CompiledPlan` the runtime
 * runs, and analysing the ticket graph. Knows nothing of execution.
 */
export type { ConflictInfo, ConflictKind, PlanAnalysis, PlanGroup } from './analysisTypes.js';
export type {
  AgentTypeSpec,
  CommandSpec,
  CompiledPlan,
  CompiledTicket,
  ExecutorKind,
  GateSpec,
  Loaded,
  PlanProblem,
  PlanProblemCode,
  Priority,
  SourceLocation,
  Strategy,
  WorkSpec,
} from './types.js';
export { EXECUTOR_KINDS, PRIORITIES, STRATEGIES } from './types.js';
export type { ExecutionStrategy, RegistryDependencies, RegistryTicket } from './registryTypes.js';
export { EXECUTION_STRATEGIES } from './registryTypes.js';

export { loadPlan, type LoadPlanOptions } from './loadPlan.js';
export { loadTicketFolder } from './loadTicketFolder.js';
export { compilePlan, type CompilePlanOptions } from './compilePlan.js';
export { extendPlan } from './extendPlan.js';
export { analyzePlan } from './analyzePlan.js';

export { parseDuration } from './parseDuration.js';
export { formatDuration } from './formatDuration.js';
export { parseSize } from './parseSize.js';
export { formatProblem, type FormatProblemOptions } from './formatProblem.js';
export { didYouMean } from './didYouMean.js';
export { registryOutcome } from './registryOutcome.js';

export { findCycles } from './findCycles.js';
export { fileOverlap } from './fileOverlap.js';
export { deriveFileConflicts, type FileConflict } from './deriveFileConflicts.js';

export { planSchema, ticketSchema, agentSchema, defaultsSchema, type PlanInput } from './planSchema.js';
export { planJsonSchema } from './planJsonSchema.js';
