/**
 * A ticket of a seed-format registry: a markdown file with YAML frontmatter
 * (SEED-WORLD.md section 1), read as written, before it joins a plan.
 */
import type { CommandSpec, Priority, SourceLocation } from './types.js';

/** `execution_strategy` values of the seed; `isolated` and `sequential` make a ticket run alone. */
export const EXECUTION_STRATEGIES = ['parallel', 'sequential', 'isolated', 'specialized'] as const;
export type ExecutionStrategy = (typeof EXECUTION_STRATEGIES)[number];

/** The seed's five dependency lists (a flat `dependencies` list is `blocking`). */
export interface RegistryDependencies {
  /** Must complete before this ticket starts. */
  blocking: readonly string[];
  /** Must complete before this ticket starts, and never overlap with it. */
  sequential: readonly string[];
  /** Preferred earlier; never blocks. */
  soft: readonly string[];
  /** Never at the same time (symmetric). */
  fileConflicts: readonly string[];
  /** Never at the same time (symmetric, a mutex). */
  resourceConflicts: readonly string[];
}

export interface RegistryTicket {
  /** `ticket_id` (or `id`) as written; lookups are case-insensitive. */
  id: string;
  title: string;
  priority: Priority;
  /** `status` lower-cased, `in_progress` spelt `in-progress`; `undefined` when absent. */
  status: string | undefined;
  category: string | undefined;
  /** `estimated_effort` in ms (the midpoint of a range); `undefined` when absent or unreadable. */
  estimateMs: number | undefined;
  dependencies: RegistryDependencies;
  /** `affected_files`; empty when absent or given as a bare count. */
  files: readonly string[];
  parallelGroup: string | undefined;
  executionStrategy: ExecutionStrategy | undefined;
  /** True for `execution_strategy: isolated | sequential`. */
  isolated: boolean;
  /** `assignee`, else `assigned_agents`: explicit agent types, first preferred. */
  agents: readonly string[];
  /** `run` (a tpe addition to the seed format): the ticket's own command. */
  run: CommandSpec | undefined;
  /** Absolute path of the markdown file. */
  file: string;
  /** Where the id is written in the file. */
  source: SourceLocation;
  /** The whole frontmatter as parsed, unknown keys included (the seed carries them through). */
  frontmatter: Readonly<Record<string, unknown>>;
}
