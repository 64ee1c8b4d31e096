import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { describeValue } from './describeValue.js';
import { didYouMean } from './didYouMean.js';
import type { Path } from './formatPath.js';
import type { ParsedAgent } from './planSchema.js';
import type { ProblemList } from './ProblemList.js';
import type { SourceDoc } from './SourceDoc.js';
import type { AgentTypeSpec, CommandSpec } from './types.js';

/** The agent types of a plan and how tickets find theirs. Lookups are case-insensitive. */
export interface AgentTable {
  /** In declaration order. */
  specs: AgentTypeSpec[];
  byName: Map<string, AgentTypeSpec>;
  /** Lower-cased category → agent type; `default` catches the rest. */
  routing: Map<string, AgentTypeSpec>;
  /** `defaults.agent`. */
  fallback: AgentTypeSpec | undefined;
  /** Where each type's count is written (for NO_AGENTS problems). */
  countPaths: Map<AgentTypeSpec, Path>;
}

export interface AgentInput {
  /** `agents:` as parsed; `undefined` when the plan has none (then one `shell` type, a slot per CPU). */
  agents: Record<string, ParsedAgent> | undefined;
  routing: Record<string, string> | undefined;
  defaultAgent: string | undefined;
  /** Count overrides (`--agents shell=8`). */
  overrides: Readonly<Record<string, number>> | undefined;
  doc: SourceDoc;
  /** Where `agents`, `routing` and `defaults` sit in `doc` (`[]` at the top of a plan). */
  at: Path;
  baseDir: string;
}

/**
 * Compiles agent types, routing and the default agent, reporting unknown
 * names (with suggestions), options that do not fit the executor, missing
 * worker modules, and bad overrides.
 */
export function compileAgents(input: AgentInput, problems: ProblemList): AgentTable {
  const { doc, at, baseDir } = input;
  const table: AgentTable = { specs: [], byName: new Map(), routing: new Map(), fallback: undefined, countPaths: new Map() };
  const declared = input.agents ?? { shell: { count: availableParallelism(), executor: 'process' } };

  for (const [name, agent] of Object.entries(declared)) {
    const path = [...at, 'agents', name];
    const source = input.agents ? { file: doc.file, ...doc.locate(path, true) } : undefined;
    const spec: AgentTypeSpec = { name, count: agent.count, executor: agent.executor, ...(source ? { source } : {}) };
    checkExecutorOptions(agent, path, doc, problems);
    if (agent.command && agent.executor === 'process') spec.command = resolveCommand(agent.command, baseDir);
    if (agent.executor === 'worker') {
      if (agent.module === undefined) {
        problems.error('INVALID_FIELD', doc, path, 'a worker agent type needs `module`: the JS module that does the work');
      } else {
        spec.module = isAbsolute(agent.module) ? agent.module : resolve(baseDir, agent.module);
        if (!existsSync(spec.module)) problems.error('FILE_NOT_FOUND', doc, [...path, 'module'], `module ${agent.module}: no such file`);
      }
      if (agent.memory_limit !== undefined) spec.memoryLimitMb = agent.memory_limit;
    }
    const key = name.toLowerCase();
    if (table.byName.has(key)) {
      problems.error('INVALID_FIELD', doc, path, `agent type names differ only in case from "${table.byName.get(key)!.name}"`, { key: true });
      continue;
    }
    table.byName.set(key, spec);
    table.specs.push(spec);
    table.countPaths.set(spec, input.agents ? [...path, 'count'] : [...at]);
  }

  for (const [name, count] of Object.entries(input.overrides ?? {})) {
    const spec = lookup(table, name, [...at, 'agents'], doc, problems, 'in the agent count override');
    if (spec === undefined) continue;
    if (!Number.isInteger(count) || count < 0) {
      problems.error('INVALID_FIELD', doc, [...at, 'agents', spec.name, 'count'], `invalid agent count override for "${spec.name}"`, {
        expected: 'a non-negative integer',
        found: describeValue(count),
      });
      continue;
    }
    spec.count = count;
  }

  for (const [category, agentName] of Object.entries(input.routing ?? {})) {
    const spec = lookup(table, agentName, [...at, 'routing', category], doc, problems, `for category "${category}"`);
    if (spec) table.routing.set(category.toLowerCase(), spec);
  }
  if (input.defaultAgent !== undefined) table.fallback = lookup(table, input.defaultAgent, [...at, 'defaults', 'agent'], doc, problems, '');
  return table;
}

/** An agent type by name, or an UNKNOWN_AGENT problem naming the known ones. */
export function lookup(table: AgentTable, name: string, path: Path, doc: SourceDoc, problems: ProblemList, context: string): AgentTypeSpec | undefined {
  const spec = table.byName.get(name.toLowerCase());
  if (spec) return spec;
  const names = table.specs.map((s) => s.name);
  const suggestion = didYouMean(name, names);
  const known = names.length === 0 ? 'no agent types are defined' : `known: ${names.join(', ')}`;
  problems.error(
    'UNKNOWN_AGENT',
    doc,
    path,
    `unknown agent type "${name}"${context === '' ? '' : ` ${context}`}${suggestion === undefined ? ` (${known})` : ''}`,
    suggestion === undefined ? {} : { suggestion },
  );
  return undefined;
}

function checkExecutorOptions(agent: ParsedAgent, path: Path, doc: SourceDoc, problems: ProblemList): void {
  const misplaced: [keyof ParsedAgent, boolean, string][] = [
    ['command', agent.executor !== 'process', 'process'],
    ['module', agent.executor !== 'worker', 'worker'],
    ['memory_limit', agent.executor !== 'worker', 'worker'],
  ];
  for (const [field, wrong, kind] of misplaced) {
    if (agent[field] !== undefined && wrong) {
      problems.error('INVALID_FIELD', doc, [...path, field], `\`${field}\` applies to ${kind} agents only, and this one is a ${agent.executor} agent`);
    }
  }
}

/**
 * An agent command written as an argv list whose program is a relative path
 * (`[./agents/optimize.sh]`) names a file beside the plan, wherever the
 * ticket runs; shell strings are left as written.
 */
function resolveCommand(command: CommandSpec, baseDir: string): CommandSpec {
  if (!('argv' in command)) return command;
  const [program, ...args] = command.argv;
  if (program === undefined || !(program.startsWith('./') || program.startsWith('../'))) return command;
  return { argv: [resolve(baseDir, program), ...args] };
}
