import type { Strategy } from '../types.js';
import { formatSeedDuration } from './formatSeedDuration.js';
import type { GeneratedConflict, OutputSettings } from './types.js';
import { yamlBlock, yamlFlow, yamlScalar, type YamlValue } from './yamlText.js';

/** A group as written: ids, not indices. */
export interface RenderedGroup {
  id: number;
  tickets: readonly string[];
  dependenciesResolved: boolean;
  estimatedMs: number;
  resourceConflicts: boolean;
  agentsRequired: number;
  /** Written as `agents_required_by_type` when the plan has more than one agent type. */
  agentsByType?: Readonly<Record<string, number>>;
}

/** Everything a generated file says, decided. */
export interface RenderInput {
  /** Comment lines at the top, without `# `. */
  header: readonly string[];
  metadata: {
    generated: string;
    strategy: Strategy;
    totalTickets: number;
    estimatedMs: number;
    parallelismFactor: number;
    agents: number;
  };
  conflicts: readonly GeneratedConflict[];
  groups: readonly RenderedGroup[];
  criticalPath: { tickets: readonly string[]; totalMs: number; bottlenecks: readonly string[] };
  recommendations: readonly string[];
  /** Settled tickets counted as done. */
  satisfied: readonly string[];
  /** `registry:` as written (relative to the file's folder). */
  /** Relative path to the registry folder; none when the tickets are inline. */
  registry: string | undefined;
  settings: OutputSettings;
}

/**
 * The text of a generated plan: the seed's canonical `execution_plan:`
 * (SEED-WORLD.md section 2), one conflict and one group a line as the seed
 * writes them, then the native settings that make it run. Pure and
 * deterministic: the same input gives the same bytes.
 */
export function renderExecutionPlan(input: RenderInput): string {
  const { metadata: m } = input;
  const lines: string[] = input.header.map((line) => (line === '' ? '#' : `# ${line}`));
  lines.push('execution_plan:', '  metadata:');
  lines.push(
    ...[
      `generated: ${JSON.stringify(m.generated)}`,
      `strategy: ${m.strategy}`,
      `total_tickets: ${m.totalTickets}`,
      `estimated_duration: ${yamlScalar(formatSeedDuration(m.estimatedMs))}`,
      `parallelism_factor: ${m.parallelismFactor}`,
      `agents: ${m.agents}`,
    ].map((line) => `    ${line}`),
  );

  lines.push(...list('conflicts', input.conflicts.map(conflictEntry)));
  lines.push(...list('parallel_groups', input.groups.map(groupEntry)));
  const path = input.criticalPath;
  lines.push(`  critical_path: ${yamlFlow({ tickets: path.tickets, total_duration: formatSeedDuration(path.totalMs), bottlenecks: path.bottlenecks })}`);
  lines.push(...list('optimization_recommendations', input.recommendations.map((text) => yamlScalar(text))));
  if (input.satisfied.length > 0) {
    lines.push('  # Settled in the registry (completed, resolved, archived or cancelled): they do not run, and count as done for their dependents.');
    lines.push(`  satisfied: ${yamlFlow(input.satisfied)}`);
  }

  const { settings } = input;
  const top: Record<string, YamlValue> = {
    registry: input.registry,
    name: settings.name,
    agents: settings.agents as YamlValue,
    routing: settings.routing as YamlValue,
    resources: settings.resources as YamlValue,
    defaults: settings.defaults as YamlValue,
    tickets: settings.tickets as YamlValue,
  };
  const comments: Record<string, string[]> = {
    registry: ["The ticket files, relative to this file's folder. Commands run in this file's folder."],
    tickets: ['The tickets written in the plan this was generated from, as they were.'],
  };
  if (settings.commandless && settings.commandless.length > 0) {
    comments.agents = [
      `TODO set \`command:\` on ${settings.commandless.length === 1 ? 'this agent type' : 'these agent types'}: the program that carries out one ticket`,
      '(it gets the ticket file on stdin and in TICKET_FILE), e.g. `command: [claude, -p]` or `command: [./agents/coding-agent.sh]`.',
      'Until then `tpe check` reports NOTHING_TO_RUN for every ticket without its own `run:`.',
    ];
  }
  lines.push(...yamlBlock(top, 0, comments));
  return `${lines.join('\n')}\n`;
}

function list(key: string, entries: readonly string[]): string[] {
  return entries.length === 0 ? [`  ${key}: []`] : [`  ${key}:`, ...entries.map((entry) => `    - ${entry}`)];
}

function conflictEntry(c: GeneratedConflict): string {
  return yamlFlow({ type: c.type, tickets: c.tickets, files: c.files, resource: c.resource, resolution: c.resolution });
}

function groupEntry(g: RenderedGroup): string {
  return yamlFlow({
    group_id: g.id,
    tickets: g.tickets,
    dependencies_resolved: g.dependenciesResolved,
    estimated_duration: formatSeedDuration(g.estimatedMs),
    resource_conflicts: g.resourceConflicts,
    agents_required: g.agentsRequired,
    agents_required_by_type: g.agentsByType,
  });
}
