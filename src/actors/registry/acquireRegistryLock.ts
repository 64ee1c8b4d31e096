import { randomBytes } from 'node:crypto';
import { link, open, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { parseRegistryLockHolder, type RegistryLockHolder } from './registryLockHolder.js';
import { RegistryLockError } from './RegistryLockError.js';

/** The lock's file name at the registry root (hidden: the ticket scanner skips it). */
export const REGISTRY_LOCK_FILE = '.tpe-registry.lock';

/** Options of {@link acquireRegistryLock}. */
export interface AcquireRegistryLockOptions {
  /** Written into the lock so that a second run can name the holder. */
  runId?: string;
  /**
   * Further attempts after the first while a live run holds the lock.
   * @default 3
   */
  retries?: number;
  /**
   * Wait between attempts; the seed's mutex gives up after ~30 s.
   * @default 10_000
   */
  retryDelayMs?: number;
  /**
   * Whether a process is alive (tests replace it).
   * @default `process.kill(pid, 0)` succeeds or fails with EPERM
   */
  isAlive?: (pid: number) => boolean;
  /** @default () => new Date() */
  now?: () => Date;
}

/** A held registry lock. */
export interface RegistryLock {
  readonly file: string;
  readonly holder: RegistryLockHolder;
  /** Removes the lock if it is still ours; idempotent. */
  release(): Promise<void>;
}

/**
 * An unreadable lock (a holder that died between creating and writing it, in
 * the fallback path) is taken over once it is this old.
 */
const UNREADABLE_STALE_MS = 60_000;
/** Bound on immediate take-overs in one attempt, should two runs keep racing for a dead lock. */
const MAX_TAKEOVERS = 5;

/**
 * Takes `<registryDir>/.tpe-registry.lock`, the one-writer rule of the seed
 * ("only the coordinator writes the registry"), across processes.
 *
 * The lock is created exclusively with its contents in place (written to a
 * temporary file, then hard-linked to the lock name, which fails if it
 * exists), so nobody ever reads a half-written lock. A lock whose pid is
 * dead on this host is taken over; a lock from another host is never
 * presumed dead. While a live run holds it, retries `retries` times,
 * `retryDelayMs` apart, then fails with a {@link RegistryLockError} naming
 * the holder.
 */
export async function acquireRegistryLock(registryDir: string, options: AcquireRegistryLockOptions = {}): Promise<RegistryLock> {
  const dir = resolve(registryDir);
  const file = join(dir, REGISTRY_LOCK_FILE);
  const isAlive = options.isAlive ?? isProcessAlive;
  const retries = options.retries ?? 3;
  const delay = options.retryDelayMs ?? 10_000;
  const holder: RegistryLockHolder = {
    pid: process.pid,
    runId: options.runId,
    hostname: hostname(),
    acquiredAt: (options.now?.() ?? new Date()).toISOString(),
    token: randomBytes(8).toString('hex'),
  };
  const text = `${JSON.stringify(holder)}\n`;

  for (let attempt = 0; ; attempt++) {
    let busy: RegistryLockHolder | undefined;
    let takeovers = 0;
    for (;;) {
      if (await createExclusive(file, text)) return heldLock(file, holder);
      const current = await readLock(file);
      if (current === 'gone') continue; // released meanwhile: try again at once
      busy = current.holder;
      const stale =
        current.holder === undefined
          ? current.ageMs > UNREADABLE_STALE_MS
          : current.holder.hostname === holder.hostname && !isAlive(current.holder.pid);
      if (!stale || takeovers >= MAX_TAKEOVERS) break;
      takeovers++;
      await takeOver(file, current.text);
    }
    if (attempt >= retries) throw new RegistryLockError(file, busy, dir);
    await new Promise((r) => setTimeout(r, delay));
  }
}

function heldLock(file: string, holder: RegistryLockHolder): RegistryLock {
  let released = false;
  return {
    file,
    holder,
    async release() {
      if (released) return;
      released = true;
      const current = await readLock(file);
      // Never remove a lock someone else holds now.
      if (current !== 'gone' && current.holder?.token === holder.token) await rm(file, { force: true });
    },
  };
}

/** Creates `file` with `text` only if it does not exist; false if it does. */
async function createExclusive(file: string, text: string): Promise<boolean> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temp, text, { flag: 'wx' });
  try {
    await link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // No hard links here (FAT, some network shares): exclusive create, then write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return createThenWrite(file, text);
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function createThenWrite(file: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(file, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

type LockState = 'gone' | { text: string; holder: RegistryLockHolder | undefined; ageMs: number };

async function readLock(file: string): Promise<LockState> {
  try {
    const [text, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    return { text, holder: parseRegistryLockHolder(text), ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
    throw error;
  }
}

/**
 * Removes a dead holder's lock without removing a live one that replaced it
 * meanwhile (two runs can see the same dead lock): the lock is renamed aside,
 * and if what was renamed is not the dead lock that was read, it is put back.
 */
async function takeOver(file: string, staleText: string): Promise<void> {
  const aside = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.stale`;
  try {
    await rename(file, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  try {
    const moved = await readFile(aside, 'utf8');
    if (moved !== staleText) await link(aside, file).catch(() => undefined);
  } finally {
    await rm(aside, { force: true });
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
