import { formatDuration } from './formatDuration.js';
import { existsSync } from 'node:fs';
import type { AgentTable } from './compileAgents.js';
import { describeValue } from './describeValue.js';
import { deriveFileConflicts, rememberFileLists } from './deriveFileConflicts.js';
import { didYouMean } from './didYouMean.js';
import type { Path } from './formatPath.js';
import type { ProblemList } from './ProblemList.js';
import { registryOutcome } from './registryOutcome.js';
import { checkTicketGraph, type GraphContext } from './checkTicketGraph.js';
import { unique } from './resolveReferences.js';
import { resolveWork } from './resolveWork.js';
import { selectAgent } from './selectAgent.js';
import type { SourceDoc } from './SourceDoc.js';
import type { TicketDraft } from './TicketDraft.js';
import type { AgentTypeSpec, CompiledTicket, GateSpec, WorkSpec } from './types.js';

/** A declared resource: its name as written and its capacity. */
export interface ResourceSpec {
  name: string;
  capacity: number;
}

export interface LinkInput extends GraphContext {
  /** Every ticket of the plan, in plan order. */
  drafts: readonly TicketDraft[];
  agents: AgentTable;
  /** Lower-cased name → resource. */
  resources: ReadonlyMap<string, ResourceSpec>;
  /** `timeoutMs` undefined: no plan-wide default, each ticket's follows its estimate (see DEFAULT_TIMEOUT_MS). */
  defaults: { timeoutMs: number | undefined; retries: number; backoffMs: number };
  baseDir: string;
  /** The plan file and where its `agents` are, for NO_AGENTS problems. */
  planDoc: SourceDoc;
  agentsPath: Path;
}

/**
 * Links drafts into compiled tickets: ids become indices, agent types and
 * work are chosen, resources checked against capacities, defaults applied,
 * and overlapping affected files become conflicts (the runtime only checks
 * `conflictsWith`, `isolated` and resources). Reports every problem found.
 */
/** The shortest default timeout of an attempt (see `timeoutMs` below). */
export const DEFAULT_TIMEOUT_MS = 3_600_000;

export function linkTickets(input: LinkInput, problems: ProblemList): CompiledTicket[] {
  const { index, refs } = checkTicketGraph(input.drafts, problems, input);

  const conflictsWith = refs.conflictsWith;
  const fileLists = index.tickets.map((t) => t.files);
  for (const { a, b } of deriveFileConflicts(fileLists)) {
    conflictsWith[a]!.push(b);
    conflictsWith[b]!.push(a);
  }

  const { agents } = input;
  if (agents.specs.length === 0 && index.tickets.length > 0) {
    problems.error('NO_AGENTS', input.planDoc, input.agentsPath, 'no agent types are defined: tickets need at least one under `agents`');
  }
  const load = new Map<AgentTypeSpec, number>();
  const existing = new Map<string, boolean>();
  const tickets = index.tickets.map((draft, i): CompiledTicket => {
    // Settled registry tickets never run: a missing agent or command is not their problem.
    // Broken tickets are reported already; the plan will not be returned.
    const settled = registryOutcome(draft.registryStatus) !== undefined;
    const report = !settled && !draft.broken;
    const selected = selectAgent(draft, agents, problems, report);
    const agent = selected ?? agents.specs[0];
    if (selected && report) load.set(selected, (load.get(selected) ?? 0) + 1);
    // Without its own agent type, whether a ticket has something to run is unknowable: no second problem.
    const work: WorkSpec = (agent && resolveWork(draft, agent, problems, report && selected !== undefined)) ?? { kind: 'process', command: { argv: ['true'] } };
    const explicit = draft.timeoutMs ?? input.defaults.timeoutMs;
    // Without a timeout of its own, a ticket may run three times its estimate (at least an hour):
    // a coding agent estimated at 6-8 hours must not be killed after one.
    const timeoutMs = explicit ?? Math.max(DEFAULT_TIMEOUT_MS, 3 * (draft.estimateMs ?? 0));
    if (report && explicit !== undefined && draft.estimateMs !== undefined && draft.estimateMs > explicit) {
      problems.warn('INVALID_FIELD', draft.doc, draft.path, `ticket ${draft.id} is estimated at ${formatDuration(draft.estimateMs)} but may run only ${formatDuration(explicit)}: it will be killed before it can finish`, {
        expected: `a timeout of at least ${formatDuration(draft.estimateMs)}`,
        found: formatDuration(explicit),
      });
    }
    return {
      index: i,
      id: draft.id,
      title: draft.title,
      agent: agent?.name ?? '',
      category: draft.category,
      priority: draft.priority,
      estimateMs: draft.estimateMs,
      dependsOn: refs.dependsOn[i]!,
      after: refs.after[i]!,
      conflictsWith: unique(conflictsWith[i]!),
      resources: compileResources(draft, input.resources, problems),
      files: draft.files,
      isolated: draft.isolated,
      work,
      validate: draft.validate.map((gate): GateSpec => ({ name: gate.name, command: gate.command, timeoutMs: gate.timeoutMs ?? timeoutMs })),
      rollback: draft.rollback,
      timeoutMs,
      retries: draft.retries ?? input.defaults.retries,
      backoffMs: draft.backoffMs ?? input.defaults.backoffMs,
      cwd: compileCwd(draft, input.baseDir, existing, problems),
      env: draft.env,
      file: draft.file,
      registryStatus: draft.registryStatus,
      group: draft.group,
      source: { file: draft.doc.file, ...draft.doc.locate(draft.path) },
    };
  });

  rememberFileLists(tickets, fileLists);
  for (const [agent, count] of load) {
    if (agent.count > 0) continue;
    problems.error('NO_AGENTS', input.planDoc, agents.countPaths.get(agent) ?? input.agentsPath, `agent type "${agent.name}" has ${count} ticket(s) to run but no agents`, {
      expected: 'a positive count',
      found: '0',
    });
  }
  return tickets;
}

function compileResources(draft: TicketDraft, declared: ReadonlyMap<string, ResourceSpec>, problems: ProblemList): Record<string, number> {
  const held: Record<string, number> = {};
  for (const claim of draft.resources) {
    const resource = declared.get(claim.name.toLowerCase());
    if (resource === undefined) {
      const names = [...declared.values()].map((r) => r.name);
      const suggestion = didYouMean(claim.name, names);
      const known = names.length === 0 ? 'no resources are declared under `resources`' : `known: ${names.join(', ')}`;
      problems.error('UNKNOWN_RESOURCE', draft.doc, claim.path, `unknown resource "${claim.name}"${suggestion === undefined ? ` (${known})` : ''}`, {
        ...(suggestion === undefined ? {} : { suggestion }),
        key: true,
      });
      continue;
    }
    const units = (Object.hasOwn(held, resource.name) ? held[resource.name]! : 0) + claim.units;
    if (units > resource.capacity) {
      problems.error('OVER_CAPACITY', draft.doc, claim.path, `ticket ${draft.id} needs more "${resource.name}" than its capacity, so it could never start`, {
        expected: `at most ${resource.capacity}`,
        found: describeValue(units),
      });
    }
    held[resource.name] = units;
  }
  return held;
}

/**
 * A ticket's working directory; a missing one is only a warning, since an
 * earlier ticket may create it. `existing` remembers answers: many tickets
 * share a directory.
 */
function compileCwd(draft: TicketDraft, baseDir: string, existing: Map<string, boolean>, problems: ProblemList): string {
  if (draft.cwd === undefined) return baseDir;
  let exists = existing.get(draft.cwd.dir);
  if (exists === undefined) existing.set(draft.cwd.dir, (exists = existsSync(draft.cwd.dir)));
  if (!exists) problems.warn('FILE_NOT_FOUND', draft.doc, draft.cwd.path, `working directory does not exist (yet): ${draft.cwd.dir}`);
  return draft.cwd.dir;
}
