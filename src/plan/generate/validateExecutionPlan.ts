import type { ConflictInfo } from '../analysisTypes.js';
import { analyzePlan } from '../analyzePlan.js';
import { formatPath, type Path } from '../formatPath.js';
import { parseYamlSource } from '../parseYamlSource.js';
import { ProblemList } from '../ProblemList.js';
import { registryOutcome } from '../registryOutcome.js';
import type { CompiledPlan, PlanProblem, PlanProblemCode } from '../types.js';

/** What `--validate-plan` checks beyond loading: the groups' order, their members' conflicts, their width. */
export const GROUP_CHECKS = ['dependency_order', 'conflict', 'agents'] as const;
export type GroupCheck = (typeof GROUP_CHECKS)[number];

/** A located problem of an edited plan's groups, tagged with the check that found it. */
export interface GroupProblem extends PlanProblem {
  check: GroupCheck;
}

interface Entry {
  ticket: number;
  group: number;
  /** Position among the group's tickets. */
  slot: number;
  path: Path;
}

/**
 * Checks the groups of a seed `execution_plan:` that loaded (so every
 * listed ticket exists and none is listed twice: `loadPlan` reports those),
 * each problem located at the offending entry of `text`:
 *  - a ticket whose hard dependency sits in its own group or a later one
 *    (a settled dependency is satisfied wherever it is listed);
 *  - two tickets of one group that must never run together: declared
 *    conflicts, overlapping affected files, an isolated ticket with company,
 *    or more demand for a resource than its capacity;
 *  - a group wider than the agents: its `agents_required` above all agents,
 *    an `agents_required_by_type` entry above its type's, or more tickets for
 *    a type than it has agents. Not checked under `maximum`, whose run
 *    widens the pool to the widest group.
 * A native plan has no groups to check: that is one problem, at its top.
 */
export function validateExecutionPlan(plan: CompiledPlan, text: string): GroupProblem[] {
  const parsing = new ProblemList();
  const source = parseYamlSource(text, plan.file, parsing);
  if (source === undefined) return parsing.errors.map((p) => ({ ...p, check: 'dependency_order' }));
  const { doc } = source;
  const out: GroupProblem[] = [];
  const report = (check: GroupCheck, code: PlanProblemCode, path: Path, message: string) => {
    out.push({ code, file: doc.file, ...doc.locate(path), path: formatPath(path), message, check });
  };

  const raw = source.value as { execution_plan?: Record<string, unknown> } | null;
  const ep = raw !== null && typeof raw === 'object' ? raw.execution_plan : undefined;
  if (ep === null || typeof ep !== 'object') {
    report('dependency_order', 'INVALID_FIELD', [], 'not an execution plan: --validate-plan checks the groups of an `execution_plan:` file (for a native plan, use `tpe check`)');
    return out;
  }
  const key = ep.parallel_groups != null ? 'parallel_groups' : 'groups';
  const groups = Array.isArray(ep[key]) ? (ep[key] as unknown[]) : [];
  const at = (g: number, ...rest: (string | number)[]): Path => ['execution_plan', key, g, ...rest];
  const label = (g: number): string => {
    const id = (groups[g] as { group_id?: unknown } | null)?.group_id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : String(g + 1);
  };

  const settled = (i: number) => registryOutcome(plan.tickets[i]!.registryStatus) !== undefined;
  // A settled ticket does not run: it satisfies its dependents wherever it is listed, takes no agent and keeps no one company.
  const members = placeTickets(plan, groups, at).map((entries) => entries.filter((entry) => !settled(entry.ticket)));
  const placement = new Map(members.flat().map((entry) => [entry.ticket, entry]));
  const id = (i: number) => plan.tickets[i]!.id;

  for (const entry of members.flat()) {
    for (const d of plan.tickets[entry.ticket]!.dependsOn) {
      const there = placement.get(d);
      if (there === undefined || there.group < entry.group) continue;
      const where = there.group === entry.group ? `the same group (${label(entry.group)})` : `group ${label(there.group)}, a later one`;
      report('dependency_order', 'INVALID_FIELD', entry.path, `${id(entry.ticket)} depends on ${id(d)}, which is in ${where}: move ${id(d)} to an earlier group, or ${id(entry.ticket)} to a later one`);
    }
  }

  checkConflicts(plan, members, placement, label, report);
  if (plan.strategy !== 'maximum') checkAgents(plan, groups, members, at, label, report);
  return out.sort((a, b) => a.line - b.line || a.col - b.col);
}

/** The tickets of each group, where written; unknown and repeated entries are the loader's problems and are skipped. */
function placeTickets(plan: CompiledPlan, groups: readonly unknown[], at: (g: number, ...rest: (string | number)[]) => Path): Entry[][] {
  const byId = new Map(plan.tickets.map((t) => [t.id.toLowerCase(), t.index]));
  const placed = new Set<number>();
  return groups.map((group, g) => {
    const list = group !== null && typeof group === 'object' ? (group as { tickets?: unknown }).tickets : undefined;
    const items = Array.isArray(list) ? list : list == null ? [] : [list];
    const entries: Entry[] = [];
    items.forEach((item, k) => {
      const ticket = byId.get(String(item).trim().toLowerCase());
      if (ticket === undefined || placed.has(ticket)) return;
      placed.add(ticket);
      entries.push({ ticket, group: g, slot: entries.length, path: Array.isArray(list) ? at(g, 'tickets', k) : at(g, 'tickets') });
    });
    return entries;
  });
}

type Report = (check: GroupCheck, code: PlanProblemCode, path: Path, message: string) => void;

function checkConflicts(plan: CompiledPlan, members: readonly Entry[][], placement: ReadonlyMap<number, Entry>, label: (g: number) => string, report: Report): void {
  const n = plan.tickets.length;
  const reasons = new Map<number, ConflictInfo>();
  for (const c of analyzePlan(plan).conflicts) {
    if (c.kind === 'declared' || c.kind === 'file_conflict') reasons.set(c.tickets[0]! * n + c.tickets[1]!, c);
  }
  const id = (i: number) => plan.tickets[i]!.id;
  for (const entries of members) {
    const held = new Map<string, number[]>();
    for (const entry of entries) {
      const ticket = plan.tickets[entry.ticket]!;
      const group = label(entry.group);
      if (ticket.isolated && entries.length > 1) {
        report('conflict', 'INVALID_FIELD', entry.path, `${ticket.id} is isolated (nothing may run beside it), but group ${group} holds ${entries.length - 1} other ticket(s): give it a group of its own`);
      }
      for (const other of ticket.conflictsWith) {
        const there = placement.get(other);
        if (there === undefined || there.group !== entry.group || there.slot > entry.slot) continue;
        const reason = reasons.get(Math.min(other, entry.ticket) * n + Math.max(other, entry.ticket));
        const why = reason?.kind === 'file_conflict' && reason.files ? `their affected files overlap: ${[...new Set(reason.files)].join(' and ')}` : 'declared';
        report('conflict', 'INVALID_FIELD', entry.path, `${ticket.id} and ${id(other)} conflict (${why}), so they never run together: they cannot share group ${group}`);
      }
      for (const [resource, units] of Object.entries(ticket.resources)) {
        const holders = held.get(resource) ?? [];
        const capacity = Object.hasOwn(plan.resources, resource) ? plan.resources[resource]! : 1;
        const demand = holders.reduce((sum, h) => sum + (plan.tickets[h]!.resources[resource] ?? 0), 0) + units;
        if (demand > capacity && holders.length > 0) {
          report('conflict', 'INVALID_FIELD', entry.path, `${ticket.id} needs ${resource} (capacity ${capacity}), which ${holders.map(id).join(', ')} in group ${group} already ${holders.length === 1 ? 'holds' : 'hold'}: they cannot all run at once`);
        }
        held.set(resource, [...holders, entry.ticket]);
      }
    }
  }
}

function checkAgents(
  plan: CompiledPlan,
  groups: readonly unknown[],
  members: readonly Entry[][],
  at: (g: number, ...rest: (string | number)[]) => Path,
  label: (g: number) => string,
  report: Report,
): void {
  const total = plan.agents.reduce((sum, a) => sum + a.count, 0);
  const pool = plan.agents.map((a) => `${a.count} ${a.name}`).join(', ');
  const countOf = new Map(plan.agents.map((a) => [a.name.toLowerCase(), a]));
  members.forEach((entries, g) => {
    const group = (groups[g] ?? {}) as { agents_required?: unknown; agents_required_by_type?: unknown };
    if (typeof group.agents_required === 'number' && group.agents_required > total) {
      report('agents', 'OVER_CAPACITY', at(g, 'agents_required'), `group ${label(g)} requires ${group.agents_required} agents, but the plan has ${total} (${pool})`);
    }
    const byType = group.agents_required_by_type;
    if (byType !== null && typeof byType === 'object' && !Array.isArray(byType)) {
      for (const [name, required] of Object.entries(byType)) {
        const agent = countOf.get(name.toLowerCase());
        if (agent === undefined) {
          report('agents', 'UNKNOWN_AGENT', at(g, 'agents_required_by_type', name), `group ${label(g)} requires agents of type "${name}", which the plan does not have (${pool})`);
        } else if (typeof required === 'number' && required > agent.count) {
          report('agents', 'OVER_CAPACITY', at(g, 'agents_required_by_type', name), `group ${label(g)} requires ${required} ${agent.name} agents, but the plan has ${agent.count}`);
        }
      }
    }
    const used = new Map<string, number>();
    for (const entry of entries) {
      const ticket = plan.tickets[entry.ticket]!;
      const n = (used.get(ticket.agent) ?? 0) + 1;
      used.set(ticket.agent, n);
      const capacity = countOf.get(ticket.agent.toLowerCase())?.count ?? 0;
      if (n === capacity + 1) {
        report('agents', 'OVER_CAPACITY', entry.path, `group ${label(g)} has more ${ticket.agent} tickets than the plan's ${capacity} ${ticket.agent} agent(s): ${ticket.id} and the ones after it wait, so the group cannot run at once`);
      }
    }
  });
}
