import { open } from 'node:fs/promises';

/**
 * Flushes a directory's entries to disk, so that a rename survives a power
 * loss, not only a crash of the process. Platforms that cannot open or sync
 * a directory (Windows: EISDIR/EPERM; some network file systems: EINVAL)
 * are skipped silently: the rename itself is still atomic there.
 */
export async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF' && code !== 'EACCES') throw error;
  } finally {
    await handle?.close();
  }
}
