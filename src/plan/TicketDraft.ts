/**
 * A ticket read from any source (a native plan, a markdown file) but not yet
 * linked: references are still ids, each with the path it was written at, so
 * that every problem found while linking points at the exact list entry.
 */
import type { Path } from './formatPath.js';
import type { SourceDoc } from './SourceDoc.js';
import type { CommandSpec, Priority } from './types.js';

/** A ticket id as written, and where. */
export interface IdRef {
  id: string;
  path: Path;
  /** Where the reference is written, when not in the ticket's own file (a seed plan's `conflicts`). */
  doc?: SourceDoc;
}

export interface ResourceClaim {
  name: string;
  units: number;
  path: Path;
}

export interface DraftGate {
  name: string;
  command: CommandSpec;
  timeoutMs: number | undefined;
}

export interface TicketDraft {
  doc: SourceDoc;
  /** Path of the ticket itself (`tickets[3]`; `[]` for a markdown file's frontmatter). */
  path: Path;
  idPath: Path;
  id: string;
  title: string;
  agent: { name: string; path: Path } | undefined;
  category: string | undefined;
  priority: Priority;
  estimateMs: number | undefined;
  dependsOn: IdRef[];
  after: IdRef[];
  conflictsWith: IdRef[];
  resources: ResourceClaim[];
  files: string[];
  isolated: boolean;
  run: { command: CommandSpec; path: Path } | undefined;
  input: unknown;
  validate: DraftGate[];
  rollback: CommandSpec | undefined;
  timeoutMs: number | undefined;
  retries: number | undefined;
  backoffMs: number | undefined;
  /** Absolute working directory, when the ticket sets one. */
  cwd: { dir: string; path: Path } | undefined;
  env: Record<string, string>;
  group: string | undefined;
  /** Markdown file of a registry ticket. */
  file: string | undefined;
  registryStatus: string | undefined;
  /**
   * The ticket failed validation (reported already) and stands in only with
   * its id: it still counts for duplicate ids, and references to it are not
   * reported as unknown.
   */
  broken: boolean;
}

/** A stand-in for a ticket that failed validation but has a readable id. */
export function stubDraft(id: string, doc: SourceDoc, path: Path, idPath: Path, file: string | undefined): TicketDraft {
  return {
    doc,
    path,
    idPath,
    id,
    title: id,
    agent: undefined,
    category: undefined,
    priority: 'medium',
    estimateMs: undefined,
    dependsOn: [],
    after: [],
    conflictsWith: [],
    resources: [],
    files: [],
    isolated: false,
    run: undefined,
    input: undefined,
    validate: [],
    rollback: undefined,
    timeoutMs: undefined,
    retries: undefined,
    backoffMs: undefined,
    cwd: undefined,
    env: {},
    group: undefined,
    file,
    registryStatus: undefined,
    broken: true,
  };
}

/** The id of a raw ticket that failed validation, when it has a usable one. */
export function readableId(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  return undefined;
}
