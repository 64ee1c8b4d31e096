import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { CompileContext } from './CompileContext.js';
import { readInlineTickets, readRegistry } from './compileNativePlan.js';
import { assemblePlan, compileSettings } from './compileSettings.js';
import { didYouMean } from './didYouMean.js';
import type { Path } from './formatPath.js';
import { indexTickets, type TicketIndex } from './indexTickets.js';
import { issuesToProblems } from './issuesToProblems.js';
import { linkTickets } from './linkTickets.js';
import type { ProblemList } from './ProblemList.js';
import { seedPlanSchema, type ParsedSeedPlan } from './seedPlanSchema.js';
import type { SourceDoc } from './SourceDoc.js';
import type { TicketDraft } from './TicketDraft.js';
import type { CompiledPlan } from './types.js';

/**
 * Compiles a seed `execution_plan:` file. Its tickets come from a registry
 * (`registry:` at the top or inside `execution_plan`, else `<plan dir>/tickets`);
 * only the tickets listed in its groups run (every registry ticket when it
 * lists no groups), each in the group that lists it; declared conflicts
 * become never-together constraints.
 */
export function compileSeedPlan(raw: unknown, context: CompileContext, problems: ProblemList): CompiledPlan | undefined {
  const { doc, baseDir } = context;
  const parsed = seedPlanSchema.safeParse(raw);
  if (!parsed.success) {
    issuesToProblems(parsed.error.issues, { schema: seedPlanSchema, raw, doc, at: [] }, problems);
    return undefined;
  }
  const plan = parsed.data;
  const ep = plan.execution_plan;

  // Tickets written beside `execution_plan:` (how `tpe plan` writes a plan whose tickets
  // are inline), and the registry's: a plan with inline tickets needs no registry.
  const inline = readInlineTickets(raw, doc, baseDir, problems);
  const registry = locateRegistry(plan, doc, baseDir, problems, inline.length > 0);
  if (registry === null) return undefined;
  const scanned = registry ? readRegistry(registry.dir, doc, registry.path, baseDir, problems) : [];
  // Duplicates are reported across the whole registry, listed or not.
  const all = indexTickets([...inline, ...scanned.map((t) => t.draft)], problems);

  const groupsKey = ep.parallel_groups != null ? 'parallel_groups' : 'groups';
  const groups = ep.parallel_groups ?? ep.groups ?? [];
  const included = groups.length === 0 ? all.tickets.map((draft) => ({ ...draft })) : selectGroups(groups, groupsKey, all, doc, problems);
  const chosen = new Set(included.map((draft) => draft.id.toLowerCase()));
  addDeclaredConflicts(ep.conflicts ?? [], included, all, chosen, doc, problems);

  const outside = new Map<string, TicketDraft>();
  for (const draft of all.tickets) if (!chosen.has(draft.id.toLowerCase())) outside.set(draft.id.toLowerCase(), draft);

  const settings = compileSettings(plan, { doc, at: [], baseDir, overrides: context.agents }, problems);
  const tickets = linkTickets(
    {
      drafts: included,
      outside,
      agents: settings.agents,
      resources: settings.resources,
      defaults: { timeoutMs: plan.defaults.timeout, retries: plan.defaults.retries, backoffMs: plan.defaults.backoff },
      baseDir,
      planDoc: doc,
      agentsPath: ['agents'],
    },
    problems,
  );
  const strategy = context.strategy ?? plan.strategy ?? plan.execution_strategy ?? ep.strategy ?? ep.execution_strategy ?? ep.metadata?.strategy ?? 'balanced';
  return assemblePlan(settings, tickets, { name: plan.name ?? context.defaultName, file: doc.file, baseDir, strategy, registry: registry?.dir });
}

/**
 * Where the plan's registry is: named, or `<plan dir>/tickets`. Undefined: no
 * registry, which is fine when the plan has inline tickets (`optional`); null:
 * none and none possible (a problem was reported).
 */
function locateRegistry(
  plan: ParsedSeedPlan,
  doc: SourceDoc,
  baseDir: string,
  problems: ProblemList,
  optional: boolean,
): { dir: string; path: Path } | undefined | null {
  if (plan.registry != null) return { dir: plan.registry, path: ['registry'] };
  if (plan.execution_plan.registry != null) return { dir: plan.execution_plan.registry, path: ['execution_plan', 'registry'] };
  const conventional = join(baseDir, 'tickets');
  try {
    if (statSync(conventional).isDirectory()) return { dir: conventional, path: [] };
  } catch {
    // Reported below, unless the plan's own tickets are enough.
  }
  if (optional) return undefined;
  problems.error('FILE_NOT_FOUND', doc, ['execution_plan'], `no ticket registry: give \`registry: <folder>\`, put the tickets in ${conventional}, or list them under \`tickets:\``);
  return null;
}

/** The listed tickets, in group order, each with its group; unknown and twice-listed ids are problems at their entry. */
function selectGroups(
  groups: NonNullable<ParsedSeedPlan['execution_plan']['groups']>,
  groupsKey: string,
  all: TicketIndex,
  doc: SourceDoc,
  problems: ProblemList,
): TicketDraft[] {
  const included: TicketDraft[] = [];
  const placed = new Map<string, string>();
  groups.forEach((group, g) => {
    const groupId = group.group_id ?? String(g + 1);
    group.tickets.forEach((id, k) => {
      const path: Path = ['execution_plan', groupsKey, g, 'tickets', k];
      const key = id.toLowerCase();
      const position = all.byId.get(key);
      if (position === undefined) {
        reportUnknown(id, all, doc, path, problems);
        return;
      }
      const earlier = placed.get(key);
      if (earlier !== undefined) {
        problems.error('DUPLICATE_ID', doc, path, `ticket "${id}" is listed twice: it is already in group ${earlier}`);
        return;
      }
      placed.set(key, groupId);
      included.push({ ...all.tickets[position]!, group: groupId });
    });
  });
  return included;
}

/** Each declared conflict forbids every listed pair of included tickets from overlapping. */
function addDeclaredConflicts(
  conflicts: NonNullable<ParsedSeedPlan['execution_plan']['conflicts']>,
  included: TicketDraft[],
  all: TicketIndex,
  chosen: ReadonlySet<string>,
  doc: SourceDoc,
  problems: ProblemList,
): void {
  const byId = new Map(included.map((draft) => [draft.id.toLowerCase(), draft]));
  conflicts.forEach((conflict, c) => {
    const members: { draft: TicketDraft; path: Path }[] = [];
    conflict.tickets.forEach((id, k) => {
      const path: Path = ['execution_plan', 'conflicts', c, 'tickets', k];
      const key = id.toLowerCase();
      if (!all.byId.has(key)) reportUnknown(id, all, doc, path, problems);
      else if (chosen.has(key)) members.push({ draft: byId.get(key)!, path });
    });
    for (let i = 0; i < members.length; i++) {
      for (let j = i + 1; j < members.length; j++) {
        const first = members[i]!.draft;
        first.conflictsWith = [...first.conflictsWith, { id: members[j]!.draft.id, path: members[j]!.path, doc }];
      }
    }
  });
}

function reportUnknown(id: string, all: TicketIndex, doc: SourceDoc, path: Path, problems: ProblemList): void {
  const ids = all.tickets.map((t) => t.id);
  const suggestion = didYouMean(id, ids, { sameNumbers: true });
  const known = ids.length === 0 ? 'the registry has no tickets' : `known: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', …' : ''}`;
  problems.error('UNKNOWN_TICKET', doc, path, `unknown ticket "${id}"${suggestion === undefined ? ` (${known})` : ''}`, suggestion === undefined ? {} : { suggestion });
}
