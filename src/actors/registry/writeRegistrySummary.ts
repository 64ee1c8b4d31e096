import { readdir, readFile } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { ProblemList } from '../../plan/ProblemList.js';
import { scanTicketFolder } from '../../plan/scanTicketFolder.js';
import type { PlanProblem } from '../../plan/types.js';
import { renderRegistrySummary, type RegistrySummaryTicket } from './renderRegistrySummary.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** The summary page's name at the registry root (an existing page keeps its own spelling). */
export const REGISTRY_SUMMARY_FILE = 'TICKET_REGISTRY.md';

/** Options of {@link writeRegistrySummary}. */
export interface WriteRegistrySummaryOptions {
  /** @default new Date() */
  now?: Date;
  /** @default 'Ticket Registry' */
  title?: string;
}

/** What {@link writeRegistrySummary} did. */
export interface RegistrySummaryResult {
  file: string;
  tickets: number;
  /** False when only the "Last updated" line would have changed: the page was left as it was. */
  written: boolean;
  /** Files skipped or unreadable, located (a README beside the tickets, a broken frontmatter). */
  problems: readonly PlanProblem[];
}

/**
 * Regenerates `TICKET_REGISTRY.md` at the registry root from the current
 * frontmatter of every ticket file under it, read the way a plan reads them
 * (`ticket_id` or `id`, any status spelling), and writes it atomically.
 *
 * A page whose content is unchanged apart from its "Last updated" line is not
 * rewritten: the footer then says when the registry last changed, and a
 * registry under version control shows no diff for a run that changed nothing.
 */
export async function writeRegistrySummary(registryDir: string, options: WriteRegistrySummaryOptions = {}): Promise<RegistrySummaryResult> {
  const dir = resolve(registryDir);
  const problems = new ProblemList();
  const tickets: RegistrySummaryTicket[] = [];
  for (const { ticket } of scanTicketFolder(dir, problems)) {
    if (ticket === undefined) continue;
    tickets.push({
      id: ticket.id,
      title: ticket.title,
      status: ticket.status,
      priority: ticket.priority,
      category: ticket.category,
      file: relative(dir, ticket.file).split(sep).join('/'),
      dependencies: [...ticket.dependencies.blocking, ...ticket.dependencies.sequential],
    });
  }
  const page = renderRegistrySummary(tickets, { now: options.now ?? new Date(), ...(options.title === undefined ? {} : { title: options.title }) });
  const file = join(dir, await summaryFileName(dir));
  const before = await readFile(file, 'utf8').catch(() => undefined);
  const written = before === undefined || withoutFooter(before) !== withoutFooter(page);
  if (written) await writeFileAtomic(file, page);
  return { file, tickets: tickets.length, written, problems: [...problems.errors, ...problems.warnings] };
}

async function summaryFileName(dir: string): Promise<string> {
  const names = await readdir(dir);
  return names.find((n) => n.toLowerCase() === REGISTRY_SUMMARY_FILE.toLowerCase()) ?? REGISTRY_SUMMARY_FILE;
}

function withoutFooter(page: string): string {
  return page.replace(/^_Last updated: .*$/m, '');
}
