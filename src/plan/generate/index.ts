/**
 * Plan generation (`tpe plan`, alias `generate-execution-plan`): from a
 * registry folder or a plan, the seed's `execution_plan:` YAML that `tpe run`
 * executes as written, and the checks of an edited one (`--validate-plan`).
 * Pure apart from reading the input as the plan loaders do; the simulation
 * is passed in, since `src/plan` never imports the runtime.
 */
export type { GenerateOptions, GeneratedConflict, GeneratedGroup, GeneratedPlan, InputKind, OutputSettings, PlanInput, Scope, SeedConflictType, ConflictResolution, Simulate, SimulatedSchedule } from './types.js';
export { SCOPES } from './types.js';
export { loadPlanInput, type LoadPlanInputOptions } from './loadPlanInput.js';
export { generateExecutionPlan } from './generateExecutionPlan.js';
export { agentCounts, effectiveCounts, SEED_MAX_AGENTS_PER_TYPE } from './agentCounts.js';
export { validateExecutionPlan, GROUP_CHECKS, type GroupCheck, type GroupProblem } from './validateExecutionPlan.js';
export { selectTickets, type Selection, type TicketFilter } from './selectTickets.js';
export { buildGroups } from './buildGroups.js';
export { describeConflicts } from './describeConflicts.js';
export { recommendOptimizations, type RecommendInput } from './recommendOptimizations.js';
export { renderExecutionPlan, type RenderInput, type RenderedGroup } from './renderExecutionPlan.js';
export { folderSettings, DEFAULT_AGENT_TYPE } from './folderSettings.js';
export { formatSeedDuration } from './formatSeedDuration.js';
export { splitCommand } from './splitCommand.js';
export { compareIds } from './compareIds.js';
