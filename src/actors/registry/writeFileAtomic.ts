import { randomBytes } from 'node:crypto';
import { chmod, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDirectory } from './syncDirectory.js';

/**
 * Replaces a file's contents so that a reader (an agent reading its ticket,
 * the user's editor, `tpe` itself) sees either the old bytes or the new ones,
 * never half a file: the text goes to a temporary file in the same directory
 * (same file system, so the rename is atomic), is fsynced, renamed over the
 * target, and the directory is fsynced where the platform allows.
 *
 * The temporary file's name starts with a dot, which the registry scanner
 * skips. A symbolic link is followed (its target is replaced, the link
 * stays), and an existing file keeps its permission bits.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const target = await realpath(path).catch(() => path);
  const dir = dirname(target);
  const mode = await stat(target).then(
    (s) => s.mode & 0o7777,
    () => undefined,
  );
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', mode ?? 0o666);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    // open() applies the umask; the existing file's bits are what the user chose.
    if (mode !== undefined) await chmod(temp, mode);
    await rename(temp, target);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}
