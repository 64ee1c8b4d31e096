/**
 * tpe as a library: load a plan, run it with `createEngine`, watch its events.
 *
 * @example
 * ```ts
 * import { loadPlan, createEngine } from 'tpe';
 * const loaded = await loadPlan('plan.yaml');
 * if (!loaded.ok) throw new Error(loaded.problems.map(formatProblem).join('\n'));
 * const engine = createEngine(loaded.value, { agents: { shell: 4 } });
 * engine.on((e) => e.type === 'ticket.transition' && console.log(e.ticket, e.to));
 * const result = await engine.start();
 * ```
 */
export * from './plan/index.js';
export { createEngine, type Engine, type EngineOptions } from './runtime/createEngine.js';
export type { RunSnapshot, SnapshotAgent, SnapshotTicket, SnapshotWait, RunState } from './runtime/runSnapshot.js';
export { startDurableRun } from './runtime/durable/startDurableRun.js';
export { resumeDurableRun } from './runtime/durable/resumeDurableRun.js';
export { RunStore } from './runtime/store/RunStore.js';
export { simulatePlan, lowerBound, type SimulationOptions, type SimulationResult } from './runtime/simulatePlan.js';
export { VirtualClock } from './runtime/virtualClock.js';
export { realClock, type Clock } from './runtime/clock.js';
export type { EngineEvent, EngineListener } from './runtime/events.js';
export { exitCodeFor, type RunResult, type RunStatus, type TicketOutcome, type ExecutionMetrics } from './runtime/runResult.js';
export type { WaitReason } from './runtime/dispatch/waitReason.js';
export { pickAssignments, type DispatchTicket, type DispatchState, type DispatchDecision } from './runtime/dispatch/pickAssignments.js';
export { ticketMachine, TICKET_STATES, type TicketState, type TicketEvent } from './machines/ticketMachine.js';
export { agentMachine, AGENT_STATES, type AgentState } from './machines/agentMachine.js';
export { supervisorMachine, SUPERVISOR_STATES, type SupervisorState } from './machines/supervisorMachine.js';
export { createExecutor, type AgentFunction, type Executor, type ExecutionResult } from './actors/index.js';
export { TpeError, BadInputError, UsageError, NonRetryableError } from './errors.js';
export { generateExecutionPlan, validateExecutionPlan, loadPlanInput, type GenerateOptions, type GeneratedPlan } from './plan/generate/index.js';
export { diagnoseRun, diagnosePlan, type DiagnoseOptions } from './runtime/diagnose/index.js';
export type { Diagnosis, RunDiagnosis, PlanDiagnosis, Recommendation, RecordedRun } from './runtime/diagnose/diagnosisTypes.js';
export { connectInspector, type InspectorConnection, type ConnectOptions } from './runtime/inspect/connectInspector.js';
export { RunBoard, type BoardTicket, type BoardAgent, type TicketStep } from './runtime/inspect/RunBoard.js';
export type { InspectionEvent, InspectedSnapshot } from './runtime/inspect/inspectionProtocol.js';
export { engineDashboardSource } from './runtime/web/engineDashboardSource.js';
export type { DashboardSource, WebControlRequest } from './runtime/web/DashboardSource.js';
export { executeControl, type ControlCommand } from './runtime/control/executeControl.js';
export { socketDashboardSource } from './runtime/web/socketDashboardSource.js';
export { startDashboardServer, type DashboardServer, type DashboardServerOptions } from './runtime/web/startDashboardServer.js';
export { planDagSvg, planDot, planMermaid, machineSvg, machineMermaid, renderDotToSvg } from './runtime/viz/index.js';
export { buildReport, renderReport, writeRunReport, reportInputFromStore, type RunReport, type ReportFormat } from './runtime/report/index.js';
