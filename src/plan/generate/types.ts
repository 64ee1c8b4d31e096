/**
 * The vocabulary of plan generation (`tpe plan`): what is planned, from
 * what, and what comes out. Generation writes the seed's canonical
 * `execution_plan:` YAML (SEED-WORLD.md section 2) that `tpe run` executes
 * as written.
 */
import type { PlanAnalysis } from '../analysisTypes.js';
import type { CompiledPlan, Priority, Strategy } from '../types.js';

/**
 * Which registry tickets are planned. `pending`: every ticket still to do
 * (not completed, resolved, archived or cancelled); `all`: the same tickets
 * to run, and every settled ticket listed as satisfied.
 */
export const SCOPES = ['pending', 'all'] as const;
export type Scope = (typeof SCOPES)[number];

/** Where the tickets came from: a bare registry folder, or a plan file (native or seed). */
export type InputKind = 'folder' | 'plan';

/**
 * The native settings written beside `execution_plan:` so that the file
 * runs: as the input plan wrote them (paths rebased onto the output's
 * folder), or chosen for a bare folder. Values are plain YAML data.
 */
export interface OutputSettings {
  name?: string;
  agents?: Record<string, unknown>;
  routing?: Record<string, unknown>;
  resources?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  /** The plan's own ticket entries, as written (a native plan with inline tickets). */
  tickets?: unknown[];
  /**
   * Agent types written without a `command` (a bare folder planned without
   * `--agent-command`): the file says where to set it, and until then
   * `tpe check` reports NOTHING_TO_RUN for tickets without their own `run`.
   */
  commandless?: readonly string[];
}

/** A loaded input, ready to plan. */
export interface PlanInput {
  kind: InputKind;
  /** Every ticket of the input, settled ones included, compiled with the agents the output will have. */
  plan: CompiledPlan;
  /** Absolute registry folder the output's `registry:` points at (none: the tickets are inline). */
  registryDir?: string;
  /** The input as given (a folder or a plan file), absolute. */
  source: string;
  settings: OutputSettings;
  /**
   * For a folder planned without `--agent-command`: lower-cased ids of the
   * tickets without their own `run`, which need their agent type's command.
   */
  needCommand?: ReadonlySet<string>;
}

/** What to plan and how. */
export interface GenerateOptions {
  /**
   * Replaces the input's strategy.
   * @default the input plan's strategy; `balanced` for a folder
   */
  strategy?: Strategy;
  /** @default 'pending' */
  scope?: Scope;
  /** Keep only tickets of these categories (case-insensitive). @default every category */
  categories?: readonly string[];
  /** Keep only tickets of these priorities. @default every priority */
  priorities?: readonly Priority[];
  /** ISO time written as `metadata.generated` (the CLI takes it from SOURCE_DATE_EPOCH or the inputs' mtimes). */
  generated: string;
  /** Absolute folder the output is written to: `registry:` and relative paths are written relative to it. */
  outputDir: string;
  /** How the file is referred to in its header comment (`execution-plan.yaml`). @default '<this file>' */
  outputName?: string;
  /** How the input is referred to in the header comment (`tickets/`). @default its absolute path */
  inputName?: string;
  /**
   * `--agents`: N agents of every agent type, or counts by type.
   * @default the input plan's counts; for a folder, as many as its widest group needs (at most 10 a type, the seed's limit; 1 for `sequential`)
   */
  agents?: number | Readonly<Record<string, number>>;
}

/** The predicted schedule of a plan: the real engine on a virtual clock (`simulatePlan`). */
export interface SimulatedSchedule {
  /** Predicted time from start to the last ticket's end, in ms. */
  makespanMs: number;
  /** Agents the simulated run used, all types together (`maximum` widens the pool). */
  agents: number;
  /** Predicted start of each ticket (by index), `undefined` for one that never started. */
  startMs: readonly (number | undefined)[];
}

/**
 * Simulates a plan. Injected, because `src/plan` never imports the runtime:
 * the CLI passes `simulatePlan`; tests may pass a stand-in.
 */
export type Simulate = (plan: CompiledPlan, options: { agents?: Record<string, number>; analysis?: PlanAnalysis }) => Promise<SimulatedSchedule>;

/** One group of the written plan. */
export interface GeneratedGroup {
  id: number;
  /** Ticket indices into the planned (sub)plan, in the order written. */
  tickets: readonly number[];
  dependenciesResolved: boolean;
  estimatedMs: number;
  resourceConflicts: boolean;
  /** Agents of each type the group needs to run at once, by type name, in the plan's agent order. */
  agentsRequired: Readonly<Record<string, number>>;
}

/** The conflict types the seed writes, plus `declared_conflict` and `isolation`. */
export type SeedConflictType = 'file_conflict' | 'resource_conflict' | 'declared_conflict' | 'isolation';

/** How the runtime keeps conflicting tickets apart. */
export type ConflictResolution = 'sequential_execution' | 'mutex_coordination';

export interface GeneratedConflict {
  type: SeedConflictType;
  /** Ticket ids, in id order. */
  tickets: readonly string[];
  files?: readonly string[];
  resource?: string;
  resolution: ConflictResolution;
}

/** A generated plan: its text and a few facts for the CLI's message. */
export interface GeneratedPlan {
  text: string;
  tickets: number;
  groups: number;
  makespanMs: number;
}
