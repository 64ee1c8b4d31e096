import { isAbsolute, resolve } from 'node:path';
import { compileAgents, type AgentTable } from './compileAgents.js';
import type { CompiledPlan, CompiledTicket, Strategy } from './types.js';
import type { Path } from './formatPath.js';
import type { ResourceSpec } from './linkTickets.js';
import type { ParsedAgent, ParsedDefaults } from './planSchema.js';
import type { ProblemList } from './ProblemList.js';
import type { SourceDoc } from './SourceDoc.js';

/** The plan-wide settings both plan formats share (`agents`, `routing`, `resources`, `defaults`), as parsed. */
export interface ParsedSettings {
  agents?: Record<string, ParsedAgent> | undefined;
  routing?: Record<string, string> | undefined;
  resources?: Record<string, number> | undefined;
  defaults: ParsedDefaults;
}

export interface CompiledSettings {
  agents: AgentTable;
  resources: Map<string, ResourceSpec>;
  defaults: ParsedDefaults;
}

/** Compiles the shared settings; `overrides` are the agent counts given on the command line. */
export function compileSettings(
  parsed: ParsedSettings,
  context: { doc: SourceDoc; at: Path; baseDir: string; overrides: Readonly<Record<string, number>> | undefined },
  problems: ProblemList,
): CompiledSettings {
  const agents = compileAgents(
    {
      agents: parsed.agents,
      routing: parsed.routing,
      defaultAgent: parsed.defaults.agent,
      overrides: context.overrides,
      doc: context.doc,
      at: context.at,
      baseDir: context.baseDir,
    },
    problems,
  );
  const resources = new Map<string, ResourceSpec>();
  for (const [name, capacity] of Object.entries(parsed.resources ?? {})) {
    const key = name.toLowerCase();
    const existing = resources.get(key);
    if (existing) {
      problems.error('INVALID_FIELD', context.doc, [...context.at, 'resources', name], `resource names differ only in case from "${existing.name}"`, { key: true });
      continue;
    }
    resources.set(key, { name, capacity });
  }
  return { agents, resources, defaults: parsed.defaults };
}

/**
 * The compiled plan both formats end with: their shared settings, the linked
 * tickets, and what differs (name, strategy, registry) as given.
 */
export function assemblePlan(
  settings: CompiledSettings,
  tickets: CompiledTicket[],
  plan: { name: string; file: string; baseDir: string; strategy: Strategy; registry: string | undefined },
): CompiledPlan {
  const { defaults } = settings;
  return {
    name: plan.name,
    file: plan.file,
    baseDir: plan.baseDir,
    strategy: plan.strategy,
    agents: settings.agents.specs,
    resources: Object.fromEntries([...settings.resources.values()].map((r) => [r.name, r.capacity])),
    tickets,
    defaultEstimateMs: defaults.estimate,
    noRetryExitCodes: defaults.no_retry_exit_codes,
    killGraceMs: defaults.kill_grace,
    ...(plan.registry !== undefined ? { registryDir: isAbsolute(plan.registry) ? plan.registry : resolve(plan.baseDir, plan.registry) } : {}),
  };
}
