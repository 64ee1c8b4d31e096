import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Unix socket paths are limited to ~107 bytes (sun_path); stay clear of it. */
const MAX_SOCKET_PATH = 100;

/**
 * Where a run's control socket lives: `<runDir>/control.sock`, or, when that
 * path is too long for a Unix socket, a short path in a per-user directory
 * (mode 0700) under the system's temp dir. The store records which.
 */
export function socketPathFor(runDir: string, runId: string): string {
  const preferred = join(runDir, 'control.sock');
  if (Buffer.byteLength(preferred) <= MAX_SOCKET_PATH) return preferred;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  const dir = join(tmpdir(), `tpe-${uid}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const short = createHash('sha256').update(`${runDir}\0${runId}`).digest('hex').slice(0, 16);
  return join(dir, `${short}.sock`);
}
