import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { folderStatus } from './folderStatus.js';
import type { ProblemList } from './ProblemList.js';
import { describeFsError } from './readSourceFile.js';
import { readRegistryTicket, type ScannedTicket } from './readRegistryTicket.js';
import { memorySourceDoc } from './SourceDoc.js';

/** The seed's generated summary page: markdown, but not a ticket. */
const SUMMARY_PAGE = 'ticket_registry.md';

/**
 * Reads every ticket under `dir` (recursively: the seed moves files between
 * `pending/`, `in-progress/` and `completed/`), in path order. Hidden folders
 * and `node_modules` are skipped; symbolic links to folders are not followed,
 * so a link loop cannot hang the scan.
 */
export function scanTicketFolder(dir: string, problems: ProblemList): ScannedTicket[] {
  const tickets: ScannedTicket[] = [];
  for (const file of listTicketFiles(dir, problems)) {
    const folders = relative(dir, dirname(file)).split(sep).filter((f) => f !== '' && f !== '.');
    const scanned = readRegistryTicket(file, problems, folderStatus(folders));
    if (scanned) tickets.push(scanned);
  }
  return tickets;
}

function listTicketFiles(dir: string, problems: ProblemList): string[] {
  const files: string[] = [];
  const pending = [dir];
  while (pending.length > 0) {
    const current = pending.pop()!;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      problems.error('FILE_NOT_FOUND', memorySourceDoc(current), [], describeFsError(error));
      continue;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (isMarkdown(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && isFile(path)))) files.push(path);
    }
  }
  return files.sort();
}

function isMarkdown(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.endsWith('.md') && lower !== SUMMARY_PAGE;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
