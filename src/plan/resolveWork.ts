import type { ProblemList } from './ProblemList.js';
import type { TicketDraft } from './TicketDraft.js';
import type { AgentTypeSpec, WorkSpec } from './types.js';

/**
 * What the agent runs for a ticket. A process agent runs the ticket's own
 * `run`, else its type's `command` with the ticket file on stdin (coding
 * agents read the ticket); a worker runs its module with the ticket's
 * `input`; a function agent gets the `input`. A ticket that ends with nothing
 * to run, or with `run` on an agent that cannot run commands, is a problem.
 */
export function resolveWork(draft: TicketDraft, agent: AgentTypeSpec, problems: ProblemList, report: boolean): WorkSpec | undefined {
  if (agent.executor !== 'process') {
    if (draft.run !== undefined) {
      if (!report) return undefined;
      const what = agent.executor === 'worker' ? 'runs a JS module in a worker thread' : 'calls a JS function';
      problems.error(
        'INVALID_FIELD',
        draft.doc,
        draft.run.path,
        `ticket ${draft.id} has \`run\`, but its agent type "${agent.name}" ${what} (executor: ${agent.executor}): give it \`input\` instead, or route it to a process agent`,
      );
      return undefined;
    }
    return agent.executor === 'worker' ? { kind: 'worker', module: agent.module ?? '', input: draft.input } : { kind: 'function', input: draft.input };
  }
  if (report && draft.input !== undefined) {
    problems.warn('INVALID_FIELD', draft.doc, [...draft.path, 'input'], `ignored: agent type "${agent.name}" runs commands (executor: process), which get no \`input\``);
  }
  if (draft.run !== undefined) return { kind: 'process', command: draft.run.command };
  if (agent.command !== undefined) {
    return draft.file === undefined ? { kind: 'process', command: agent.command } : { kind: 'process', command: agent.command, stdinFile: draft.file };
  }
  if (report) {
    problems.error(
      'NOTHING_TO_RUN',
      draft.doc,
      draft.path,
      `ticket ${draft.id} has nothing to run: give it \`run:\` or route it to an agent type with a \`command\` (its agent type is "${agent.name}")`,
    );
  }
  return undefined;
}
