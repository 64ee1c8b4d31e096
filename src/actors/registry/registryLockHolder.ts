/** What the registry lock file says about its holder (one JSON object). */
export interface RegistryLockHolder {
  pid: number;
  runId: string | undefined;
  hostname: string;
  /** ISO time the lock was taken. */
  acquiredAt: string;
  /** Random: tells our lock from a later holder's when releasing. */
  token: string;
}

/** Reads a lock file's text; `undefined` when it is not one of ours (empty, truncated, foreign). */
export function parseRegistryLockHolder(text: string): RegistryLockHolder | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (raw === null || typeof raw !== 'object') return undefined;
  const r = raw as Record<string, unknown>;
  if (typeof r.pid !== 'number' || !Number.isInteger(r.pid) || r.pid <= 0) return undefined;
  return {
    pid: r.pid,
    runId: typeof r.runId === 'string' ? r.runId : undefined,
    hostname: typeof r.hostname === 'string' ? r.hostname : '?',
    acquiredAt: typeof r.acquiredAt === 'string' ? r.acquiredAt : '?',
    token: typeof r.token === 'string' ? r.token : '',
  };
}
