import type { TicketDraft } from '../TicketDraft.js';
import type { OutputSettings } from './types.js';

/** The agent type every ticket of a bare folder goes to unless it names another (`assignee`). */
export const DEFAULT_AGENT_TYPE = 'general-purpose';

/**
 * The settings a bare ticket folder gets, since it has none: the seed's
 * `general-purpose` agent type (SEED-WORLD.md section 3) for every ticket,
 * plus each type a ticket names as `assignee` / `assigned_agents`, all
 * running `command` (from `--agent-command`; without one they are written
 * without a `command`, to be set by the user). No time limit is written: by
 * default each ticket's follows its estimate. Counts are placeholders:
 * generation decides them.
 */
export function folderSettings(drafts: readonly TicketDraft[], command: readonly string[] | string | undefined): OutputSettings {
  const names = new Map<string, string>([[DEFAULT_AGENT_TYPE.toLowerCase(), DEFAULT_AGENT_TYPE]]);
  for (const draft of drafts) {
    const name = draft.agent?.name;
    if (name !== undefined && !names.has(name.toLowerCase())) names.set(name.toLowerCase(), name);
  }
  const [first, ...rest] = [...names.values()];
  const ordered = [first!, ...rest.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))];
  const agents: Record<string, unknown> = {};
  for (const name of ordered) agents[name] = command === undefined ? { count: 1, executor: 'process' } : { count: 1, executor: 'process', command };
  return {
    agents,
    defaults: { agent: DEFAULT_AGENT_TYPE },
    ...(command === undefined ? { commandless: ordered } : {}),
  };
}
