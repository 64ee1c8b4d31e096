import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { checkTicketGraph } from './checkTicketGraph.js';
import { ProblemList } from './ProblemList.js';
import { describeFsError } from './readSourceFile.js';
import type { RegistryTicket } from './registryTypes.js';
import { scanTicketFolder } from './scanTicketFolder.js';
import { memorySourceDoc } from './SourceDoc.js';
import type { Loaded } from './types.js';

/**
 * Reads and checks every ticket of a registry folder (`tpe check <folder>`)
 * without anything to run them with: frontmatter fields, duplicate ids,
 * unknown references and dependency cycles. Files without frontmatter or id
 * are skipped with a warning.
 */
export async function loadTicketFolder(dir: string): Promise<Loaded<RegistryTicket[]>> {
  const folder = resolve(dir);
  const problems = new ProblemList();
  try {
    if (!(await stat(folder)).isDirectory()) {
      problems.error('FILE_NOT_FOUND', memorySourceDoc(folder), [], 'not a folder');
      return problems.result<RegistryTicket[]>(undefined);
    }
  } catch (error) {
    problems.error('FILE_NOT_FOUND', memorySourceDoc(folder), [], describeFsError(error));
    return problems.result<RegistryTicket[]>(undefined);
  }
  const scanned = scanTicketFolder(folder, problems);
  checkTicketGraph(
    scanned.map((t) => t.draft),
    problems,
  );
  return problems.result(scanned.flatMap((t) => (t.ticket ? [t.ticket] : [])));
}
