/**
 * The native plan format (DESIGN.md "The plan format"): the source of truth
 * for validation, for the compiled types' raw side and for `tpe schema`.
 * Objects are strict: a typo such as `depends-on` is an error with a
 * suggestion, never silently ignored.
 */
import { z } from 'zod';
import {
  commandInput,
  durationInput,
  envInput,
  expect,
  groupInput,
  idInput,
  idListInput,
  nonNegativeInt,
  positiveInt,
  priorityInput,
  sizeInput,
  strategyInput,
  stringListInput,
  timeoutInput,
} from './schemaParts.js';
import { EXECUTOR_KINDS } from './types.js';

/** A gate written out: `{ run, name, timeout }`. */
export const gateObjectSchema = z.strictObject({
  run: commandInput.describe('The gate command: a shell string or an argv list.'),
  name: z.string().optional().describe('Name shown in reports. Default: the command.'),
  timeout: timeoutInput.optional().describe("How long the gate may run. Default: the ticket's timeout."),
});

/** A validation gate: a shell string, an argv list, or `{ run, name, timeout }`. */
export const gateSchema = z
  .union([
    z.string().min(1, { error: expect('a non-empty command') }),
    z.array(z.string()).min(1, { error: expect('a non-empty argv list') }),
    gateObjectSchema,
  ])
  .describe('A gate run after the work; a non-zero exit fails the attempt.');

export const ticketSchema = z
  .strictObject({
    id: idInput.describe('Unique ticket id, e.g. SYS-015. Case-insensitive: SYS-015 and sys-015 are the same ticket. Required.'),
    title: z.string().optional().describe('One-line summary. Default: the id.'),
    agent: z.string().min(1).optional().describe('Agent type that runs the ticket. Default: routing by category, then defaults.agent.'),
    category: z.string().optional().describe('Category (system, documentation, …), used for routing to an agent type.'),
    priority: priorityInput.prefault('medium').describe('critical | high | medium | low, any case. Default: medium.'),
    estimate: durationInput.optional().describe('Estimated duration (20m, 1.5h, 6-8h) for scheduling and ETA. Default: defaults.estimate.'),
    depends_on: idListInput.prefault([]).describe('Hard dependencies: tickets that must complete before this one starts. Default: none.'),
    after: idListInput.prefault([]).describe('Soft dependencies: run after these when possible; never blocks, never a cycle. Default: none.'),
    conflicts_with: idListInput.prefault([]).describe('Tickets that must never run at the same time as this one (symmetric). Default: none.'),
    resources: z
      .union([z.record(z.string().min(1), positiveInt), z.array(z.string().min(1))])
      .optional()
      .describe('Resources held while the ticket runs: { database: 1 }, or [database] for one unit each. Default: none.'),
    files: stringListInput.prefault([]).describe('Affected files (paths or globs); tickets whose files overlap never run at the same time. Default: none.'),
    isolated: z.boolean().default(false).describe('True: nothing else runs while this ticket runs. Default: false.'),
    run: commandInput.optional().describe("The work: a shell string or an argv list. Default: the agent type's command."),
    input: z.unknown().optional().describe('Input handed to a worker or function agent.'),
    validate: z
      .union([z.array(gateSchema), z.string().min(1, { error: expect('a non-empty command') }), gateObjectSchema])
      .optional()
      .describe('Validation gates run after the work, in order: a list of shell strings, argv lists or { run, name, timeout }; one gate may stand alone. Default: none.'),
    rollback: commandInput.optional().describe('Command run when the ticket finally fails (no retries left).'),
    timeout: timeoutInput.optional().describe('Time limit of one attempt. Default: defaults.timeout.'),
    retries: nonNegativeInt.optional().describe('Retries after the first attempt. Default: defaults.retries.'),
    backoff: durationInput.optional().describe('First delay before a retry; doubles per retry, capped at 5 minutes. Default: defaults.backoff.'),
    cwd: z.string().min(1).optional().describe("Working directory, relative to the plan file's directory. Default: the plan's directory."),
    env: envInput.optional().describe('Extra environment variables for the commands. Default: none.'),
    group: groupInput.optional().describe('Planner hint: the group this ticket belongs to.'),
  })
  .describe('One unit of work.');

export const agentSchema = z
  .strictObject({
    count: nonNegativeInt.default(1).describe('How many agents of this type run at once (0 disables the type). Default: 1.'),
    executor: z.enum(EXECUTOR_KINDS).default('process').describe('process (a command), worker (a JS module in a worker thread) or function (library only). Default: process.'),
    command: commandInput
      .optional()
      .describe("process only: one command for every ticket routed here; it gets the ticket file on stdin and in TICKET_FILE. Default: each ticket's run."),
    module: z.string().min(1).optional().describe("worker only: the JS module whose default export does the work, relative to the plan's directory. Required for workers."),
    memory_limit: sizeInput.optional().describe('worker only: heap limit of a worker thread (256MB, 1GB); exceeding it fails the ticket, not the engine.'),
  })
  .describe('An agent type: how many agents of it run at once and what they run.');

export const defaultsSchema = z
  .strictObject({
    agent: z.string().min(1).optional().describe('Agent type for tickets that neither name one nor are routed by category.'),
    timeout: timeoutInput
      .optional()
      .describe("Time limit of one attempt. Default: 1h, or three times the ticket's estimate when that is longer (a 6-8h ticket gets 21h)."),
    retries: nonNegativeInt.default(0).describe('Retries after the first attempt. Default: 0.'),
    backoff: durationInput.prefault('1s').describe('First delay before a retry; doubles per retry, capped at 5 minutes. Default: 1s.'),
    estimate: durationInput.prefault('5m').describe('Estimate used for tickets without one (analysis, simulation, ETA). Default: 5m.'),
    kill_grace: durationInput.prefault('5s').describe('Grace period between SIGTERM and SIGKILL when a command is stopped. Default: 5s.'),
    no_retry_exit_codes: z
      .array(z.int({ error: expect('an exit code (0-255)') }).min(0, { error: expect('an exit code (0-255)') }).max(255, { error: expect('an exit code (0-255)') }))
      .default([78])
      .describe('Exit codes by which a command says "do not retry me". Default: [78] (EX_CONFIG).'),
  })
  .prefault({})
  .describe('Defaults for every ticket.');

export const planSchema = z
  .strictObject({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    version: z.literal(1).default(1).describe('Format version. Default: 1.'),
    name: z.string().min(1).optional().describe("Plan name. Default: the file name without its extension."),
    strategy: strategyInput.prefault('balanced').describe('maximum | balanced | sequential | critical-path. Default: balanced.'),
    registry: z.string().min(1).optional().describe("A folder of markdown tickets (YAML frontmatter) to run as well, relative to the plan's directory."),
    defaults: defaultsSchema,
    agents: z
      .record(z.string().min(1), agentSchema)
      .optional()
      .describe('Agent types by name. Default: { shell: { count: <available CPUs>, executor: process } }.'),
    routing: z
      .record(z.string().min(1), z.string().min(1))
      .optional()
      .describe('Category → agent type for tickets that name no agent; the key `default` catches the rest. Default: none.'),
    resources: z
      .record(z.string().min(1), positiveInt)
      .optional()
      .describe('Resource capacities, e.g. { database: 1, api-quota: 3 }; 1 makes a mutex. Default: none.'),
    tickets: z.array(ticketSchema).default([]).describe('The tickets. Default: none (a plan may take all its tickets from `registry`).'),
  })
  .describe('A tpe plan: tickets, the agents that run them, and the resources they share.');

export type PlanInput = z.input<typeof planSchema>;
export type ParsedPlan = z.output<typeof planSchema>;
export type ParsedTicket = z.output<typeof ticketSchema>;
export type ParsedAgent = z.output<typeof agentSchema>;
export type ParsedDefaults = z.output<typeof defaultsSchema>;
