import { isAbsolute, resolve } from 'node:path';
import type { Path } from './formatPath.js';
import { idRefs } from './idRefs.js';
import type { ParsedTicket } from './planSchema.js';
import type { SourceDoc } from './SourceDoc.js';
import type { DraftGate, ResourceClaim, TicketDraft } from './TicketDraft.js';
import type { CommandSpec } from './types.js';

/**
 * A validated native ticket as a draft. `raw` is the ticket as written, to
 * tell a list (`depends_on: [A]`, entries at `[i]`) from a single value.
 */
export function nativeTicketToDraft(ticket: ParsedTicket, raw: Record<string, unknown>, doc: SourceDoc, path: Path, baseDir: string): TicketDraft {
  const at = (...rest: (string | number)[]): Path => [...path, ...rest];
  return {
    doc,
    path,
    idPath: at('id'),
    id: ticket.id,
    title: ticket.title ?? ticket.id,
    agent: ticket.agent === undefined ? undefined : { name: ticket.agent, path: at('agent') },
    category: ticket.category,
    priority: ticket.priority,
    estimateMs: ticket.estimate,
    dependsOn: idRefs(ticket.depends_on, raw.depends_on, at('depends_on')),
    after: idRefs(ticket.after, raw.after, at('after')),
    conflictsWith: idRefs(ticket.conflicts_with, raw.conflicts_with, at('conflicts_with')),
    resources: resourceClaims(ticket.resources, at('resources')),
    files: ticket.files,
    isolated: ticket.isolated,
    run: ticket.run === undefined ? undefined : { command: ticket.run, path: at('run') },
    input: ticket.input,
    validate: gates(ticket.validate),
    rollback: ticket.rollback,
    timeoutMs: ticket.timeout,
    retries: ticket.retries,
    backoffMs: ticket.backoff,
    cwd: ticket.cwd === undefined ? undefined : { dir: isAbsolute(ticket.cwd) ? ticket.cwd : resolve(baseDir, ticket.cwd), path: at('cwd') },
    env: ticket.env ?? {},
    group: ticket.group,
    file: undefined,
    registryStatus: undefined,
    broken: false,
  };
}

/** `{ database: 2 }` or `[database, database]`: one unit per mention in the list form. */
function resourceClaims(resources: ParsedTicket['resources'], path: Path): ResourceClaim[] {
  if (resources === undefined) return [];
  if (Array.isArray(resources)) return resources.map((name, i) => ({ name, units: 1, path: [...path, i] }));
  return Object.entries(resources).map(([name, units]) => ({ name, units, path: [...path, name] }));
}

function gates(validate: ParsedTicket['validate']): DraftGate[] {
  if (validate === undefined) return [];
  return (Array.isArray(validate) ? validate : [validate]).map((gate): DraftGate => {
    if (typeof gate === 'string') return { name: gate, command: { shell: gate }, timeoutMs: undefined };
    if (Array.isArray(gate)) return { name: gate.join(' '), command: { argv: gate }, timeoutMs: undefined };
    return { name: gate.name ?? commandText(gate.run), command: gate.run, timeoutMs: gate.timeout };
  });
}

function commandText(command: CommandSpec): string {
  return 'shell' in command ? command.shell : command.argv.join(' ');
}
