/**
 * What the folder a ticket file sits in says of it. Registries organised by
 * status move finished tickets into `completed/`, `done/`, `resolved/`,
 * `archive/` or `cancelled/`: a file there is settled whatever its status
 * field says (teams move the file and forget the field).
 */
export interface FolderStatus {
  /** The folder's name as found (for messages). */
  name: string;
  status: 'completed' | 'cancelled';
}

const SETTLED_FOLDERS: ReadonlyMap<string, FolderStatus['status']> = new Map([
  ['completed', 'completed'],
  ['complete', 'completed'],
  ['done', 'completed'],
  ['resolved', 'completed'],
  ['closed', 'completed'],
  ['archive', 'completed'],
  ['archived', 'completed'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
]);

/** The settled folder among `folders` (the path from the registry root to the file), nearest the file first. */
export function folderStatus(folders: readonly string[]): FolderStatus | undefined {
  for (let i = folders.length - 1; i >= 0; i--) {
    const name = folders[i] as string;
    const status = SETTLED_FOLDERS.get(name.toLowerCase());
    if (status) return { name, status };
  }
  return undefined;
}
