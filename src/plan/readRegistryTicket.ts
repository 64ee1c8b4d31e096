import { didYouMean } from './didYouMean.js';
import { describeValue } from './describeValue.js';
import type { Path } from './formatPath.js';
import { idRefs } from './idRefs.js';
import { issuesToProblems, valueAt } from './issuesToProblems.js';
import { parseDuration } from './parseDuration.js';
import { parseYamlSource } from './parseYamlSource.js';
import type { ProblemList } from './ProblemList.js';
import { readSourceFile } from './readSourceFile.js';
import { readStatus } from './readStatus.js';
import { registryOutcome } from './registryOutcome.js';
import type { FolderStatus } from './folderStatus.js';
import { registryTicketSchema } from './registryTicketSchema.js';
import type { RegistryDependencies, RegistryTicket } from './registryTypes.js';
import { memorySourceDoc, type SourceDoc } from './SourceDoc.js';
import { splitFrontmatter } from './splitFrontmatter.js';
import { readableId, stubDraft, type IdRef, type TicketDraft } from './TicketDraft.js';

/**
 * A registry ticket as users see it, and as the linker sees it (with paths
 * for every reference). A ticket whose frontmatter is invalid has no
 * `ticket` and a stand-in `draft` (see `stubDraft`).
 */
export interface ScannedTicket {
  ticket: RegistryTicket | undefined;
  draft: TicketDraft;
}

const DEPENDENCY_LISTS = ['blocking', 'sequential', 'soft', 'file_conflicts', 'resource_conflicts'] as const;

/**
 * Reads one markdown ticket. Files without frontmatter or without an id are
 * skipped with a warning (a README beside the tickets is normal); a ticket
 * whose frontmatter is wrong is an error, located in the `.md` file.
 */
export function readRegistryTicket(file: string, problems: ProblemList, folderStatus?: FolderStatus): ScannedTicket | undefined {
  const text = readSourceFile(file, problems);
  if (text === undefined) return undefined;
  const fileDoc = memorySourceDoc(file);
  const frontmatter = splitFrontmatter(text);
  if (frontmatter.kind === 'none') {
    problems.warn('INVALID_FIELD', fileDoc, [], 'skipped: no YAML frontmatter (a ticket starts with a `---` line)');
    return undefined;
  }
  if (frontmatter.kind === 'unclosed') {
    problems.error('YAML_SYNTAX', fileDoc, [], 'the frontmatter is not closed by a `---` line');
    return undefined;
  }
  const parsed = parseYamlSource(frontmatter.yaml, file, problems, frontmatter.lineOffset);
  if (parsed === undefined) return undefined;
  const { value: raw, doc } = parsed;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.warn('INVALID_FIELD', doc, [], 'skipped: the frontmatter is not a mapping', { found: describeValue(raw) });
    return undefined;
  }
  const result = registryTicketSchema.safeParse(raw);
  if (!result.success) {
    issuesToProblems(result.error.issues, { schema: registryTicketSchema, raw, doc, at: [] }, problems);
    const idKey = readableId(valueAt(raw, ['ticket_id'])) !== undefined ? 'ticket_id' : 'id';
    const id = readableId(valueAt(raw, [idKey]));
    return id === undefined ? undefined : { ticket: undefined, draft: stubDraft(id, doc, [], [idKey], file) };
  }
  const data = result.data;
  const idKey = data.ticket_id != null ? 'ticket_id' : data.id != null ? 'id' : undefined;
  const id = data.ticket_id ?? data.id;
  if (idKey === undefined || id == null) {
    problems.warn('INVALID_FIELD', doc, [], 'skipped: no `ticket_id` or `id` in the frontmatter');
    return undefined;
  }
  if (data.ticket_id != null && data.id != null && data.ticket_id.toLowerCase() !== data.id.toLowerCase()) {
    problems.warn('INVALID_FIELD', doc, ['id'], `ignored: \`ticket_id\` ${data.ticket_id} is the id`, { found: describeValue(data.id) });
  }

  const estimateMs = readEstimate(data.estimated_effort, doc, problems);
  const deps = readDependencies(raw, doc, problems);
  const files = Array.isArray(data.affected_files) ? data.affected_files.filter((f) => f.trim() !== '') : [];
  const agents = data.assignee != null ? [data.assignee] : data.assigned_agents == null ? [] : [data.assigned_agents].flat();
  const agentPath: Path = data.assignee != null ? ['assignee'] : Array.isArray(data.assigned_agents) ? ['assigned_agents', 0] : ['assigned_agents'];
  const status = settledStatus(data.status ?? undefined, folderStatus, doc, problems);
  const isolated = data.execution_strategy === 'isolated' || data.execution_strategy === 'sequential';
  const priority = data.priority ?? 'medium';
  const title = data.title ?? id;
  const location = doc.locate([idKey]);

  const ticket: RegistryTicket = {
    id,
    title,
    priority,
    status,
    category: data.category ?? undefined,
    estimateMs,
    dependencies: deps.lists,
    files,
    parallelGroup: data.parallel_group ?? undefined,
    executionStrategy: data.execution_strategy ?? undefined,
    isolated,
    agents,
    run: data.run ?? undefined,
    file,
    source: { file, ...location },
    frontmatter: raw as Record<string, unknown>,
  };
  const draft: TicketDraft = {
    doc,
    path: [],
    idPath: [idKey],
    id,
    title,
    agent: agents[0] === undefined ? undefined : { name: agents[0], path: agentPath },
    category: ticket.category,
    priority,
    estimateMs,
    dependsOn: [...deps.refs.blocking, ...deps.refs.sequential],
    after: deps.refs.soft,
    conflictsWith: [...deps.refs.file_conflicts, ...deps.refs.resource_conflicts],
    resources: [],
    files,
    isolated,
    run: data.run == null ? undefined : { command: data.run, path: ['run'] },
    input: undefined,
    validate: [],
    rollback: undefined,
    timeoutMs: undefined,
    retries: undefined,
    backoffMs: undefined,
    cwd: undefined,
    env: {},
    group: ticket.parallelGroup,
    file,
    registryStatus: status,
    broken: false,
  };
  return { ticket, draft };
}

/**
 * The ticket's status as tpe reads it: its `status` in words tpe knows (`"✅ COMPLETED"` is
 * `completed`), unless its file sits in a settled folder (`completed/`, `cancelled/`, …),
 * which wins over a status that says the ticket is open (with a warning): settled work is
 * never run again. An unknown status is a warning, and the ticket is open.
 */
function settledStatus(raw: string | undefined, folder: FolderStatus | undefined, doc: SourceDoc, problems: ProblemList): string | undefined {
  let status: string | undefined;
  if (raw !== undefined && raw.trim() !== '') {
    const read = readStatus(raw);
    if (read.known) status = read.status;
    else {
      status = read.words || raw.trim();
      problems.warn('INVALID_FIELD', doc, ['status'], 'unknown status: the ticket is taken as open', {
        expected: 'pending, in-progress, in-review, blocked, deferred, completed (done, closed), resolved, archived or cancelled',
        found: describeValue(raw),
      });
    }
  }
  if (folder === undefined) return status;
  if (status === undefined) return folder.status;
  if (registryOutcome(status) === undefined) {
    problems.warn('INVALID_FIELD', doc, ['status'], `the file is in \`${folder.name}/\` but its status says ${status}: taken as ${folder.status}, and not run`);
    return folder.status;
  }
  return status;
}

/** An unreadable estimate is only a warning: estimates inform the schedule, they never decide correctness. */
function readEstimate(value: unknown, doc: SourceDoc, problems: ProblemList): number | undefined {
  if (value === undefined || value === null) return undefined;
  const ms = typeof value === 'string' || typeof value === 'number' ? parseDuration(value) : undefined;
  if (ms === undefined) {
    problems.warn('INVALID_FIELD', doc, ['estimated_effort'], 'unreadable estimate, ignored', {
      expected: 'a duration such as 2 hours, 30min or 6-8h',
      found: describeValue(value),
    });
  }
  return ms;
}

type ListName = (typeof DEPENDENCY_LISTS)[number];

function readDependencies(raw: object, doc: SourceDoc, problems: ProblemList): { lists: RegistryDependencies; refs: Record<ListName, IdRef[]> } {
  const refs: Record<ListName, IdRef[]> = { blocking: [], sequential: [], soft: [], file_conflicts: [], resource_conflicts: [] };
  const value = valueAt(raw, ['dependencies']);
  if (Array.isArray(value)) {
    refs.blocking = idRefs(value.map((id) => String(id).trim()), value, ['dependencies']);
  } else if (value !== null && typeof value === 'object') {
    for (const name of DEPENDENCY_LISTS) {
      const list = valueAt(value, [name]);
      if (list === undefined || list === null) continue;
      const ids = (Array.isArray(list) ? list : [list]).map((id) => String(id).trim());
      refs[name] = idRefs(ids, list, ['dependencies', name]);
    }
    for (const key of Object.keys(value)) {
      if ((DEPENDENCY_LISTS as readonly string[]).includes(key)) continue;
      const suggestion = didYouMean(key, DEPENDENCY_LISTS);
      const details = suggestion === undefined ? { expected: `one of ${DEPENDENCY_LISTS.join(', ')}` } : { suggestion };
      problems.warn('INVALID_FIELD', doc, ['dependencies', key], 'unknown dependency list, ignored', { ...details, key: true });
    }
  }
  const ids = (name: ListName) => refs[name].map((ref) => ref.id);
  return {
    lists: {
      blocking: ids('blocking'),
      sequential: ids('sequential'),
      soft: ids('soft'),
      fileConflicts: ids('file_conflicts'),
      resourceConflicts: ids('resource_conflicts'),
    },
    refs,
  };
}
