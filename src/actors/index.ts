/** Executors: what an agent runs for one ticket attempt (see DESIGN.md "Executors"). */
export { createExecutor, type CreateExecutorOptions } from './createExecutor.js';
export { createProcessExecutor, type ProcessExecutorOptions } from './createProcessExecutor.js';
export { createWorkerExecutor, type WorkerExecutorOptions } from './createWorkerExecutor.js';
export { createFunctionExecutor } from './createFunctionExecutor.js';
export { runGates } from './runGates.js';
export { classifyProcessExit, type ProcessExit } from './classifyProcessExit.js';
export { classifyWorkerRejection, type WorkerRejectionContext } from './classifyWorkerRejection.js';
export { describeCommand, quoteForShell } from './describeCommand.js';
export { formatDuration } from '../plan/formatDuration.js';
export { signalGroup, isGroupAlive, terminateGroup } from './terminateGroup.js';
export type {
  AgentFunction,
  ExecutionContext,
  ExecutionError,
  ExecutionErrorCode,
  ExecutionResult,
  Executor,
  FunctionJob,
  Job,
  ProcessJob,
  WorkContext,
  WorkerFunction,
  WorkerJob,
  WorkerTicketInfo,
} from './types.js';
