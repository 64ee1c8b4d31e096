import { mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type { StatusFolder } from './changeForTransition.js';

/** Folder names that mark a registry organised by status (SEED-WORLD.md: `tickets/{pending,in-progress,completed}/`). */
const STATUS_FOLDER_NAMES = new Set(['pending', 'in-progress', 'in_progress', 'completed', 'blocked', 'cancelled', 'canceled']);

const ALIASES: Record<StatusFolder, readonly string[]> = {
  'in-progress': ['in-progress', 'in_progress'],
  completed: ['completed'],
  blocked: ['blocked'],
  cancelled: ['cancelled', 'canceled'],
};

/**
 * Where a ticket file moves when its status becomes `folder`, or `undefined`
 * when it stays: a file moves only if it already sits in a status folder
 * (`<registry>/…/pending/X.md`), and only to a sibling folder that exists
 * (matched case-insensitively, `in_progress/` too). `completed/` is created
 * when missing, since the seed always moves finished tickets there; other
 * folders are never created. A blocked or cancelled ticket without a folder
 * of its own goes back from `in-progress/` to `pending/` (it is no longer
 * being worked on), else stays where it is. The file name is kept.
 */
export async function statusFolderTarget(file: string, registryDir: string, folder: StatusFolder): Promise<string | undefined> {
  const current = dirname(file);
  const rel = relative(registryDir, current);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`)) return undefined;
  const currentName = basename(current).toLowerCase();
  if (!STATUS_FOLDER_NAMES.has(currentName)) return undefined;
  const names = ALIASES[folder];
  if (names.includes(currentName)) return undefined;
  const root = dirname(current);
  const entries = await readdir(root, { withFileTypes: true });
  const existing = entries.find((e) => e.isDirectory() && names.includes(e.name.toLowerCase()));
  if (existing) return join(root, existing.name, basename(file));
  if (folder === 'completed') {
    await mkdir(join(root, 'completed'), { recursive: true });
    return join(root, 'completed', basename(file));
  }
  if (!ALIASES['in-progress'].includes(currentName)) return undefined;
  const pending = entries.find((e) => e.isDirectory() && e.name.toLowerCase() === 'pending');
  return pending ? join(root, pending.name, basename(file)) : undefined;
}
