/**
 * Turns a ticket attempt into the job its executor runs. Ticket fields reach
 * commands only as environment variables (never spliced into a command
 * string), so a title like `$(rm -rf ~)` is inert text.
 */
import { join } from 'node:path';
import type { FunctionJob, Job, ProcessJob, WorkerJob, WorkerTicketInfo } from '../actors/types.js';
import type { AgentTypeSpec, CommandSpec, CompiledPlan, CompiledTicket, GateSpec } from '../plan/types.js';
import { fileKeyFor } from './fileKeyFor.js';

/** What every job of an attempt shares. */
export interface AttemptInfo {
  runId: string;
  attempt: number;
  agentId: string;
  logDir: string;
  /** With a durable run: where a process attempt's wrapper leaves its exit code. */
  exitDir?: string;
}

/** Which part of an attempt a job is. */
export type JobPhase = 'work' | 'gate' | 'rollback';

/** Metadata the engine attaches to every job: executors may ignore it; the simulator reads it. */
export interface JobMeta {
  ticketId: string;
  attempt: number;
  phase: JobPhase;
  estimateMs: number | undefined;
}

export type EngineJob = Job & { meta: JobMeta };

/** Where a durable run's process attempt leaves its exit code (deterministic: recovery finds it without a record). */
export function exitFileFor(exitDir: string, ticketId: string, attempt: number): string {
  return join(exitDir, `${fileKeyFor(ticketId)}.${attempt}.exit`);
}

/**
 * What an exit file says besides the code: whose it is, as the wrapper writes it from the
 * attempt's environment (`exitFileWrapper.ts`: `TPE_RUN_ID TICKET_ATTEMPT TICKET_ID`, see
 * `ticketEnv`). Recovery adopts an exit code only when the file names exactly the run,
 * ticket and attempt it looks for.
 */
export function exitTagFor(runId: string, ticketId: string, attempt: number): string {
  return `${runId} ${attempt} ${ticketId}`;
}

export function logFileFor(ticket: CompiledTicket, info: AttemptInfo): string {
  return join(info.logDir, `${fileKeyFor(ticket.id)}.${info.attempt}.log`);
}

/** The environment every command of a ticket attempt gets. */
export function ticketEnv(ticket: CompiledTicket, plan: CompiledPlan, info: AttemptInfo): Record<string, string> {
  const env: Record<string, string> = {
    ...ticket.env,
    TPE_RUN_ID: info.runId,
    TPE_AGENT_ID: info.agentId,
    TICKET_ID: ticket.id,
    TICKET_TITLE: ticket.title,
    TICKET_ATTEMPT: String(info.attempt),
    TICKET_PRIORITY: ticket.priority,
    TICKET_AGENT: ticket.agent,
    TICKET_LOG: logFileFor(ticket, info),
  };
  if (ticket.category !== undefined) env.TICKET_CATEGORY = ticket.category;
  if (ticket.file !== undefined) env.TICKET_FILE = ticket.file;
  const noRetry = plan.noRetryExitCodes[0];
  if (noRetry !== undefined) env.TPE_NO_RETRY_EXIT_CODE = String(noRetry);
  return env;
}

function ticketInfo(ticket: CompiledTicket, info: AttemptInfo): WorkerTicketInfo {
  const out: WorkerTicketInfo = { id: ticket.id, title: ticket.title, attempt: info.attempt, runId: info.runId, priority: ticket.priority };
  if (ticket.category !== undefined) out.category = ticket.category;
  return out;
}

function processJob(
  ticket: CompiledTicket,
  plan: CompiledPlan,
  info: AttemptInfo,
  command: CommandSpec,
  timeoutMs: number,
  extraEnv: Record<string, string> = {},
  stdinFile?: string,
): ProcessJob {
  const job: ProcessJob = {
    kind: 'process',
    command,
    cwd: ticket.cwd,
    env: { ...ticketEnv(ticket, plan, info), ...extraEnv },
    logFile: logFileFor(ticket, info),
    timeoutMs,
    killGraceMs: plan.killGraceMs,
    noRetryExitCodes: plan.noRetryExitCodes,
  };
  if (stdinFile !== undefined) job.stdinFile = stdinFile;
  return job;
}

/** The job that does a ticket's work on an agent of its type. */
export function workJob(ticket: CompiledTicket, agent: AgentTypeSpec, plan: CompiledPlan, info: AttemptInfo): EngineJob {
  const meta: JobMeta = { ticketId: ticket.id, attempt: info.attempt, phase: 'work', estimateMs: ticket.estimateMs };
  const work = ticket.work;
  switch (work.kind) {
    case 'process': {
      const job = processJob(ticket, plan, info, work.command, ticket.timeoutMs, {}, work.stdinFile);
      if (info.exitDir !== undefined) job.exitFile = exitFileFor(info.exitDir, ticket.id, info.attempt);
      return { ...job, meta };
    }
    case 'worker': {
      const job: WorkerJob = {
        kind: 'worker',
        module: work.module,
        input: work.input,
        ticket: ticketInfo(ticket, info),
        timeoutMs: ticket.timeoutMs,
        poolSize: agent.count,
        pool: ticket.agent,
      };
      if (agent.memoryLimitMb !== undefined) job.memoryLimitMb = agent.memoryLimitMb;
      return { ...job, meta };
    }
    case 'function': {
      const job: FunctionJob & { meta: JobMeta } = {
        kind: 'function',
        agent: ticket.agent,
        input: work.input,
        ticket: ticketInfo(ticket, info),
        timeoutMs: ticket.timeoutMs,
        meta,
      };
      return job;
    }
  }
}

/** The job of one validation gate. */
export function gateJob(ticket: CompiledTicket, gate: GateSpec, index: number, plan: CompiledPlan, info: AttemptInfo): EngineJob {
  const job = processJob(ticket, plan, info, gate.command, gate.timeoutMs, { TICKET_GATE: gate.name, TICKET_GATE_INDEX: String(index + 1) });
  return { ...job, meta: { ticketId: ticket.id, attempt: info.attempt, phase: 'gate', estimateMs: undefined } };
}

/** The job that rolls back a ticket after its last attempt failed. */
export function rollbackJob(ticket: CompiledTicket, plan: CompiledPlan, info: AttemptInfo): EngineJob | undefined {
  if (!ticket.rollback) return undefined;
  const job = processJob(ticket, plan, info, ticket.rollback, ticket.timeoutMs, { TICKET_ROLLBACK: '1' });
  return { ...job, meta: { ticketId: ticket.id, attempt: info.attempt, phase: 'rollback', estimateMs: undefined } };
}
