import type { Path } from '../formatPath.js';
import { ProblemList } from '../ProblemList.js';
import { readRegistryTicket } from '../readRegistryTicket.js';
import type { SourceDoc } from '../SourceDoc.js';
import type { CompiledTicket } from '../types.js';

/**
 * Where `ticket` names `dependency` as a hard dependency: the list entry in
 * its markdown file (`dependencies.blocking[0]`), found by reading the file
 * again (compiled tickets keep no reference positions, and this is needed
 * only on the way to an error), else the ticket itself.
 */
export function locateDependency(ticket: CompiledTicket, dependency: string): { doc: SourceDoc; path: Path } {
  if (ticket.file !== undefined) {
    const scanned = readRegistryTicket(ticket.file, new ProblemList());
    const ref = scanned?.draft.dependsOn.find((r) => r.id.toLowerCase() === dependency.toLowerCase());
    if (scanned && ref) return { doc: ref.doc ?? scanned.draft.doc, path: ref.path };
  }
  return { doc: { file: ticket.source.file, locate: () => ticket.source }, path: [] };
}
