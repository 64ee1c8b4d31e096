/**
 * The compiled plan: what `src/plan` produces from YAML and ticket files, and
 * the only shape the runtime ever sees. Raw YAML never crosses this boundary.
 *
 * Tickets are addressed by a dense index (`CompiledTicket.index`) inside the
 * runtime so that a 100,000-ticket run works on typed arrays, and by their
 * string id everywhere a human looks.
 */

/** Priority classes, highest first. Input accepts any case (`CRITICAL`). */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** How a plan is dispatched (see README "Strategies"). */
export const STRATEGIES = ['maximum', 'balanced', 'sequential', 'critical-path'] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** Executor kinds an agent type can use. */
/**
 * `process`: a command in a child process; `worker`: a JS module in a piscina
 * worker thread; `function`: a JS function handed to `createEngine` by a library
 * user (the CLI cannot provide one).
 */
export const EXECUTOR_KINDS = ['process', 'worker', 'function'] as const;
export type ExecutorKind = (typeof EXECUTOR_KINDS)[number];

/** Where a value came from, for messages such as `plan.yaml:14:7`. Lines and columns are 1-based. */
export interface SourceLocation {
  file: string;
  line: number;
  col: number;
}

/**
 * A command to run: an argv list is executed directly; a string is handed to
 * `/bin/sh -c` as written by the plan's author. Ticket fields never become part
 * of either: they reach the command as environment variables.
 */
export type CommandSpec = { argv: readonly string[] } | { shell: string };

/** A validation gate: a command run after the work, in order; a non-zero exit fails the attempt. */
export interface GateSpec {
  name: string;
  command: CommandSpec;
  timeoutMs: number;
}

/** What an agent runs for a ticket. */
export type WorkSpec =
  /** A command in a child process (the ticket's own `run`, or its agent type's `command`). */
  | { kind: 'process'; command: CommandSpec; stdinFile?: string }
  /** A JS module's default export run in a piscina worker thread, given `input`. */
  | { kind: 'worker'; module: string; input: unknown }
  /** A JS function registered for the agent type through `createEngine(plan, { functions })`. */
  | { kind: 'function'; input: unknown };

/** One agent type of the pool: `shell: { count: 4, executor: process }`. */
export interface AgentTypeSpec {
  name: string;
  count: number;
  executor: ExecutorKind;
  /** For `process` agents that run one command for every ticket routed to them (coding agents). */
  command?: CommandSpec;
  /** For `worker` agents: absolute path of the module whose default export does the work. */
  module?: string;
  /** For `worker` agents: heap limit of a worker thread, in MB; exceeding it fails the ticket, not the engine. */
  memoryLimitMb?: number;
  source?: SourceLocation;
}

export interface CompiledTicket {
  /** Dense index into `CompiledPlan.tickets`. */
  index: number;
  /** Canonical id as written (`SYS-015`); lookups are case-insensitive. */
  id: string;
  title: string;
  agent: string;
  category: string | undefined;
  priority: Priority;
  /** Estimated duration in ms; `undefined` when the ticket gives none (analysis then uses `plan.defaultEstimateMs`). */
  estimateMs: number | undefined;
  /** Hard dependencies (indices): each must be completed before this ticket starts. */
  dependsOn: readonly number[];
  /** Soft dependencies (indices): preferred earlier, never blocking, never a cycle. */
  after: readonly number[];
  /** Indices of tickets that must never run at the same time as this one (symmetric; declared and derived). */
  conflictsWith: readonly number[];
  /** Units of each resource held while the ticket runs: `{ database: 1 }`. */
  resources: Readonly<Record<string, number>>;
  /** Affected files (paths or globs); overlaps with other tickets become conflicts. */
  files: readonly string[];
  /** True: nothing else runs while this ticket runs. */
  isolated: boolean;
  work: WorkSpec;
  validate: readonly GateSpec[];
  rollback: CommandSpec | undefined;
  timeoutMs: number;
  /** Retries after the first attempt (0 = one attempt in all). */
  retries: number;
  /** First backoff delay; doubles per retry, capped at 5 minutes. */
  backoffMs: number;
  /** Working directory of the ticket's commands (absolute). */
  cwd: string;
  /** Extra environment for the ticket's commands (from the plan; never from ticket prose). */
  env: Readonly<Record<string, string>>;
  /** Registry ticket file (absolute path), if the ticket came from a markdown file. */
  file: string | undefined;
  /** Status in the registry file at load time (`pending`, `completed`, …), if any. */
  registryStatus: string | undefined;
  /** Planner hint: the group the ticket was placed in (`parallel_group`, `parallel_groups[].group_id`). */
  group: string | undefined;
  source: SourceLocation;
}

export interface CompiledPlan {
  name: string;
  /** The file the plan was loaded from (absolute), or `<memory>`. */
  file: string;
  /** Directory relative paths in the plan resolve against. */
  baseDir: string;
  strategy: Strategy;
  agents: readonly AgentTypeSpec[];
  /** Resource capacities: `{ database: 1 }` (1 = a mutex). */
  resources: Readonly<Record<string, number>>;
  tickets: readonly CompiledTicket[];
  /** Estimate used in analysis and simulation for tickets without one. */
  defaultEstimateMs: number;
  /** Exit codes by which a process says "do not retry me" (default `[78]`, EX_CONFIG). */
  noRetryExitCodes: readonly number[];
  /** Grace period between SIGTERM and SIGKILL when a process group is stopped. */
  killGraceMs: number;
  /** The registry folder the plan's markdown tickets came from (absolute), if any: registry sync writes there. */
  registryDir?: string;
}

/** The result of anything that reads user input: either a value, or every problem found. */
export type Loaded<T> = { ok: true; value: T; warnings: readonly PlanProblem[] } | { ok: false; problems: readonly PlanProblem[] };

/**
 * One problem with the input, located. Rendered as
 * `plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99" (known: SYS-01, SYS-02)`.
 */
export interface PlanProblem {
  code: PlanProblemCode;
  file: string;
  line: number;
  col: number;
  /** Field path, e.g. `tickets[3].depends_on[0]`; empty for whole-file problems. */
  path: string;
  message: string;
  expected?: string;
  found?: string;
  /** A likely intended value for a near miss (a ticket id, agent type, resource or field name): rendered as `(did you mean "SYS-09"?)`. */
  suggestion?: string;
}

export type PlanProblemCode =
  | 'YAML_SYNTAX'
  | 'INVALID_FIELD'
  | 'UNKNOWN_TICKET'
  | 'DUPLICATE_ID'
  | 'UNKNOWN_AGENT'
  | 'UNKNOWN_RESOURCE'
  | 'OVER_CAPACITY'
  | 'NO_AGENTS'
  | 'CYCLE'
  | 'NOTHING_TO_RUN'
  | 'FILE_NOT_FOUND'
  | 'TOO_LARGE';
