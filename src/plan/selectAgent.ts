import { lookup, type AgentTable } from './compileAgents.js';
import type { ProblemList } from './ProblemList.js';
import type { TicketDraft } from './TicketDraft.js';
import type { AgentTypeSpec } from './types.js';

/**
 * The agent type that runs a ticket: its own `agent` (`assignee`,
 * `assigned_agents` in the seed), else `routing[category]`, else
 * `routing.default`, else `defaults.agent`, else the only agent type there is.
 * Reports UNKNOWN_AGENT when `report` is set and none applies.
 */
export function selectAgent(draft: TicketDraft, table: AgentTable, problems: ProblemList, report: boolean): AgentTypeSpec | undefined {
  if (draft.agent !== undefined) {
    if (report) return lookup(table, draft.agent.name, draft.agent.path, draft.doc, problems, '');
    return table.byName.get(draft.agent.name.toLowerCase());
  }
  const routed = (draft.category !== undefined ? table.routing.get(draft.category.toLowerCase()) : undefined) ?? table.routing.get('default');
  if (routed) return routed;
  if (table.fallback) return table.fallback;
  if (table.specs.length === 1) return table.specs[0];
  if (report && table.specs.length > 0) {
    const category = draft.category === undefined ? 'add a `routing.default`' : `route its category "${draft.category}" in \`routing\``;
    problems.error(
      'UNKNOWN_AGENT',
      draft.doc,
      draft.path,
      `no agent type for ticket ${draft.id}: give it \`agent:\`, ${category}, or set \`defaults.agent\` (agent types: ${table.specs.map((s) => s.name).join(', ')})`,
    );
  }
  return undefined;
}
