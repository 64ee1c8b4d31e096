/**
 * Tickets added to a plan that is running (`tpe adjust --add tickets.yaml`).
 *
 * The plan file and the file of additions are compiled together, so that
 * every rule of a plan holds for the new tickets (unique ids, known
 * references, no cycle, known agents and resources, file-glob conflicts with
 * the old tickets). The result keeps every old ticket at its index, with the
 * new ones after them: a running engine can take it over without renumbering.
 */
import { dirname } from 'node:path';
import type { CompileContext } from './CompileContext.js';
import { compileRaw, planNameFrom } from './compilePlan.js';
import type { Path } from './formatPath.js';
import { parseYamlSource } from './parseYamlSource.js';
import { ProblemList } from './ProblemList.js';
import { readSourceFile } from './readSourceFile.js';
import { memorySourceDoc, type SourceDoc } from './SourceDoc.js';
import type { CompiledPlan, CompiledTicket, Loaded, PlanProblem } from './types.js';

export async function extendPlan(base: CompiledPlan, addFile: string): Promise<Loaded<CompiledPlan>> {
  const problems = new ProblemList();
  const addText = readSourceFile(addFile, problems);
  const add = addText === undefined ? undefined : parseYamlSource(addText, addFile, problems);
  const baseText = readSourceFile(base.file, problems);
  const baseSource = baseText === undefined ? undefined : parseYamlSource(baseText, base.file, problems);
  if (!add || !baseSource) return problems.result<CompiledPlan>(undefined);

  // The additions: a list of tickets, or a plan fragment with `tickets:`.
  const addValue = add.value as unknown;
  const fragment = Array.isArray(addValue);
  const added = fragment ? addValue : isRecord(addValue) && Array.isArray(addValue.tickets) ? addValue.tickets : undefined;
  if (!added || added.length === 0) {
    problems.error('INVALID_FIELD', add.doc, [], 'nothing to add: expected a list of tickets, or `tickets:` with a list', { found: describe(addValue) });
    return problems.result<CompiledPlan>(undefined);
  }
  const raw = baseSource.value as unknown;
  if (!isRecord(raw) || 'execution_plan' in raw) {
    problems.error('INVALID_FIELD', memorySourceDoc(base.file), [], 'tickets can be added to a native plan only: add them to the registry and resume with --validate-state');
    return problems.result<CompiledPlan>(undefined);
  }
  const own = Array.isArray(raw.tickets) ? raw.tickets : [];
  const merged = { ...raw, tickets: [...own, ...added] };
  const context: CompileContext = { doc: mergedDoc(baseSource.doc, add.doc, own.length, fragment), baseDir: dirname(base.file), defaultName: planNameFrom(base.file), strategy: base.strategy };
  const compiled = compileRaw(merged, context, problems);
  const result = problems.result(compiled);
  if (!result.ok) return { ok: false, problems: result.problems.map((p) => relocate(p, base.file, addFile, own.length, fragment)) };

  // Old tickets keep their indices, new ones follow.
  const next = result.value;
  const byId = new Map(next.tickets.map((t) => [t.id.toLowerCase(), t]));
  const order: CompiledTicket[] = [];
  for (const t of base.tickets) {
    const same = byId.get(t.id.toLowerCase());
    if (!same) return changed(`ticket ${t.id} is no longer in ${base.file}`);
    order.push(same);
  }
  const known = new Set(base.tickets.map((t) => t.id.toLowerCase()));
  for (const t of next.tickets) if (!known.has(t.id.toLowerCase())) order.push(t);
  // What the agents and resources are, not where they were written.
  const settings = (p: CompiledPlan) => JSON.stringify([p.agents.map(({ source: _source, ...a }) => a), p.resources]);
  if (settings(next) !== settings(base)) {
    return changed(`the agents or resources of ${base.file} changed`);
  }
  return { ok: true, value: { ...base, tickets: reindex(order, next.tickets) }, warnings: result.warnings };

  function changed(why: string): Loaded<CompiledPlan> {
    problems.error('INVALID_FIELD', memorySourceDoc(base.file), [], `${why} since the run started: stop it and resume with --validate-state to take the changes`);
    return problems.result<CompiledPlan>(undefined);
  }
}

/** `tickets` in a new order, every index and reference rewritten to it. */
function reindex(order: readonly CompiledTicket[], compiled: readonly CompiledTicket[]): CompiledTicket[] {
  const to = new Int32Array(compiled.length);
  order.forEach((t, i) => {
    to[t.index] = i;
  });
  const map = (xs: readonly number[]) => xs.map((x) => to[x] as number);
  return order.map((t, i) => ({ ...t, index: i, dependsOn: map(t.dependsOn), after: map(t.after), conflictsWith: map(t.conflictsWith) }));
}

/** Locates paths of the merged plan in the file they came from. */
function mergedDoc(base: SourceDoc, add: SourceDoc, own: number, fragment: boolean): SourceDoc {
  return {
    file: base.file,
    locate(path: Path, key?: boolean) {
      const k = path[1];
      if (path[0] !== 'tickets' || typeof k !== 'number' || k < own) return base.locate(path, key);
      return add.locate(addPath(path, own, fragment), key);
    },
  };
}

function addPath(path: Path, own: number, fragment: boolean): Path {
  const rest = path.slice(2);
  const k = (path[1] as number) - own;
  return fragment ? [k, ...rest] : ['tickets', k, ...rest];
}

/**
 * A problem about an added ticket names the file of additions and its own
 * path there (its line and column already come from that file: see mergedDoc).
 */
function relocate(p: PlanProblem, baseFile: string, addFile: string, own: number, fragment: boolean): PlanProblem {
  const m = /^tickets\[(\d+)\](.*)$/.exec(p.path);
  if (p.file !== baseFile || !m || Number(m[1]) < own) return p;
  const k = Number(m[1]) - own;
  return { ...p, file: addFile, path: `${fragment ? `[${k}]` : `tickets[${k}]`}${m[2] ?? ''}` };
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function describe(x: unknown): string {
  return x === null || x === undefined ? 'nothing' : Array.isArray(x) ? 'an empty list' : typeof x;
}
