import { lstat, readFile, realpath, rename } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { registryOutcome } from '../../plan/registryOutcome.js';
import type { Engine } from '../../runtime/createEngine.js';
import type { EngineEvent } from '../../runtime/events.js';
import { acquireRegistryLock, type AcquireRegistryLockOptions } from './acquireRegistryLock.js';
import { changeForTransition, mergeChanges, SYNCED_KEYS, type RegistryChange } from './changeForTransition.js';
import { editFrontmatter, type FrontmatterEditFailure } from './editFrontmatter.js';
import { RegistrySyncError } from './RegistrySyncError.js';
import { statusFolderTarget } from './statusFolderTarget.js';
import { syncDirectory } from './syncDirectory.js';
import { REGISTRY_SUMMARY_FILE, writeRegistrySummary } from './writeRegistrySummary.js';
import { writeFileAtomic } from './writeFileAtomic.js';

/** Options of {@link startRegistrySync}. */
export interface RegistrySyncOptions {
  /** The registry folder; only tickets whose `file` is inside it are synced. */
  registryDir: string;
  /**
   * Move a ticket's file between status folders (`pending/` → `in-progress/` → `completed/`)
   * when the registry is organised that way.
   * @default false
   */
  move?: boolean;
  /** Time written into `started`, `completed` and the summary. @default () => new Date() */
  now?: () => Date;
  /**
   * Told about every file that could not be updated (deleted meanwhile, no
   * permission, no frontmatter); the run goes on. @default ignore
   */
  onError?: (err: unknown, file: string) => void;
  /** Regenerate `TICKET_REGISTRY.md` (debounced, and once on stop). @default true */
  summary?: boolean;
  /** Least time between two regenerations of the summary. @default 2000 */
  summaryIntervalMs?: number;
  /** The registry lock's retries and wait (`retries` 3, `retryDelayMs` 10 s: the seed's ~30 s). */
  lock?: Pick<AcquireRegistryLockOptions, 'retries' | 'retryDelayMs' | 'isAlive'>;
}

/** A running registry sync. */
export interface RegistrySync {
  /** How many ticket files of the plan this sync keeps up to date (0 usually means a wrong `registryDir`). */
  readonly files: number;
  /** Resolves once every change queued so far (and any it led to) is on disk. */
  flush(): Promise<void>;
  /** Stops listening, flushes, regenerates the summary and releases the lock; idempotent. */
  stop(): Promise<void>;
}

type TicketTransition = Extract<EngineEvent, { type: 'ticket.transition' }>;

/** One synced ticket file: where it is now, what is queued for it, and the write in flight. */
interface FileSlot {
  path: string;
  /** The registry folder as the plan spells it (given or real path): status folders are looked up under it. */
  root: string;
  startedAt: Date | undefined;
  queued: RegistryChange | undefined;
  job: Promise<void> | undefined;
}

/**
 * Keeps a registry's ticket files in step with a run: the run's coordinator
 * is the registry's only writer (DESIGN.md "Durable runs and control"). Takes
 * the registry lock first, so resolves only once no other run syncs the
 * folder (or rejects with a `RegistryLockError` naming the holder, after
 * ~30 s of retries). Start it before `engine.start()` to see every start.
 *
 * The listener only records what changed; writes happen on a small async
 * queue, one file at a time per file (changes that pile up for one file are
 * merged into one write), so the engine never waits on the disk and a file
 * never sees two writers. Tickets already settled in the registry when the
 * plan was loaded (`completed`, `cancelled`, …) are never touched.
 *
 * @example
 * const engine = createEngine(plan, { workspace });
 * const sync = await startRegistrySync(engine, { registryDir: 'tickets', move: true, onError: (err, file) => log.warn({ err, file }, 'registry not updated') });
 * try { await engine.start(); } finally { await sync.stop(); }
 */
export async function startRegistrySync(
  engine: Pick<Engine, 'on' | 'plan'> & { readonly runId?: string },
  options: RegistrySyncOptions,
): Promise<RegistrySync> {
  const registryDir = resolve(options.registryDir);
  const now = options.now ?? (() => new Date());
  const onError = options.onError ?? (() => undefined);
  const summaryEnabled = options.summary ?? true;
  const interval = options.summaryIntervalMs ?? 2000;
  const lock = await acquireRegistryLock(registryDir, { ...options.lock, ...(engine.runId === undefined ? {} : { runId: engine.runId }) });

  // The plan may name files through a symbolic link to the registry, or the other way round.
  const realDir = await realpath(registryDir).catch(() => registryDir);
  const slots = new Map<number, FileSlot>();
  for (const t of engine.plan.tickets) {
    if (t.file === undefined) continue;
    const file = resolve(t.file);
    if (!isInside(registryDir, file) && !isInside(realDir, file)) continue;
    if (registryOutcome(t.registryStatus) !== undefined) continue;
    slots.set(t.index, { path: file, root: isInside(registryDir, file) ? registryDir : realDir, startedAt: undefined, queued: undefined, job: undefined });
  }
  const jobs = new Set<Promise<void>>();

  const report = (err: unknown, file: string) => {
    try {
      onError(err, file);
    } catch {
      /* the caller's handler must not break the sync */
    }
  };

  // ---- the summary page, regenerated at most every `interval` ms ----------
  let summaryDirty = false;
  let summaryTimer: NodeJS.Timeout | undefined;
  let summaryRun: Promise<void> | undefined;
  let lastSummaryAt = Number.NEGATIVE_INFINITY;
  let stopping: Promise<void> | undefined;

  const writeSummary = async () => {
    try {
      await writeRegistrySummary(registryDir, { now: now() });
    } catch (err) {
      report(err, join(registryDir, REGISTRY_SUMMARY_FILE));
    }
  };
  const scheduleSummary = () => {
    if (!summaryEnabled || stopping || !summaryDirty || summaryTimer || summaryRun) return;
    const wait = Math.max(0, lastSummaryAt + interval - Date.now());
    summaryTimer = setTimeout(() => {
      summaryTimer = undefined;
      summaryDirty = false;
      // After the writes already queued, so that the page sees them (a file mid-move could be missed).
      summaryRun = Promise.all([...jobs])
        .then(writeSummary)
        .finally(() => {
          summaryRun = undefined;
          lastSummaryAt = Date.now();
          scheduleSummary();
        });
    }, wait);
    // A pending regeneration must not keep the process alive; stop() writes the last one.
    summaryTimer.unref();
  };

  // ---- ticket files ---------------------------------------------------------
  const apply = async (slot: FileSlot, change: RegistryChange) => {
    const file = slot.path;
    const text = await readFile(file, 'utf8');
    const edit = editFrontmatter(text, change.fields, { keep: change.keep, after: SYNCED_KEYS });
    if (!edit.ok) {
      throw new RegistrySyncError('BAD_INPUT', file, `not updated: ${describeFailure(edit.reason)}`);
    }
    if (edit.changed) await writeFileAtomic(file, edit.text);
    let moved = false;
    if (options.move && change.folder !== undefined) {
      const target = await statusFolderTarget(file, slot.root, change.folder);
      if (target !== undefined) {
        if (await exists(target)) throw new RegistrySyncError('ENGINE_STATE', file, `not moved: ${target} already exists`);
        await rename(file, target);
        // Remembered before the directories are synced: later writes go to the new place.
        slot.path = target;
        moved = true;
        await syncDirectory(dirname(target));
        await syncDirectory(dirname(file));
      }
    }
    if (edit.changed || moved) {
      summaryDirty = true;
      scheduleSummary();
    }
  };

  const drain = async (slot: FileSlot) => {
    while (slot.queued !== undefined) {
      const change = slot.queued;
      slot.queued = undefined;
      try {
        await apply(slot, change);
      } catch (err) {
        report(err, slot.path);
      }
    }
    slot.job = undefined;
  };

  const enqueue = (slot: FileSlot, change: RegistryChange) => {
    slot.queued = slot.queued === undefined ? change : mergeChanges(slot.queued, change);
    if (slot.job !== undefined) return; // the running drain picks it up
    const job = drain(slot);
    slot.job = job;
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
  };

  const onTransition = (event: TicketTransition) => {
    const slot = slots.get(event.index);
    if (slot === undefined) return;
    const at = now();
    const change = changeForTransition(event, { startedAt: slot.startedAt }, at);
    if (event.to === 'executing' && slot.startedAt === undefined) slot.startedAt = at;
    if (change !== undefined) enqueue(slot, change);
  };

  const unsubscribe = engine.on((event) => {
    if (event.type === 'ticket.transition') onTransition(event);
  });

  const flush = async () => {
    while (jobs.size > 0) await Promise.all([...jobs]);
  };

  return {
    files: slots.size,
    flush,
    stop() {
      stopping ??= (async () => {
        unsubscribe();
        clearTimeout(summaryTimer);
        summaryTimer = undefined;
        try {
          await flush();
          await summaryRun;
          if (summaryEnabled) await writeSummary();
        } finally {
          await lock.release().catch((err: unknown) => report(err, lock.file));
        }
      })();
      return stopping;
    },
  };
}

function isInside(dir: string, file: string): boolean {
  const rel = relative(dir, file);
  // On Windows a file on another drive comes back absolute.
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

async function exists(path: string): Promise<boolean> {
  return lstat(path).then(
    () => true,
    () => false,
  );
}

function describeFailure(reason: FrontmatterEditFailure): string {
  switch (reason) {
    case 'no-frontmatter':
      return 'no YAML frontmatter (a ticket starts with a `---` line)';
    case 'unclosed':
      return 'the frontmatter is not closed by a `---` line';
    case 'invalid-yaml':
      return 'the frontmatter is not valid YAML';
    case 'not-a-mapping':
      return 'the frontmatter is not a mapping of keys';
  }
}
