/**
 * The run store holds command lines, inputs and the journal of every run:
 * only its user may read it. `.tpe/` is made 0700, the database and its WAL
 * and shared-memory files 0600; a `.tpe/` or store file found wider (made by
 * an older tpe, or by hand) is tightened, and each tightening is told once.
 */
import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

const PRIVATE_DIR = 0o700;
const PRIVATE_FILE = 0o600;

/** What the workspace's `.tpe/` holds: where the store lives. */
export function workspaceDir(workspace: string): string {
  return join(workspace, '.tpe');
}

/**
 * Makes `.tpe/` and `tpe.db` exist with owner-only modes before SQLite opens the
 * file (SQLite gives the `-wal` and `-shm` files the database's mode).
 * Returns one line per path whose mode was tightened.
 */
export function secureWorkspace(workspace: string, dbFile: string): string[] {
  const notices: string[] = [];
  const dir = workspaceDir(workspace);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
  tighten(dir, PRIVATE_DIR, notices);
  // Created 0600 if missing ('a' neither truncates nor fails on an existing file).
  closeSync(openSync(dbFile, 'a', PRIVATE_FILE));
  for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) tighten(file, PRIVATE_FILE, notices);
  return notices;
}

function tighten(path: string, mode: number, notices: string[]): void {
  let found: number;
  try {
    found = statSync(path).mode & 0o777;
  } catch {
    return; // not there (a WAL file before the first write)
  }
  if ((found & 0o077) === 0) return;
  const octal = (m: number) => m.toString(8).padStart(4, '0');
  try {
    chmodSync(path, found & mode);
  } catch (err) {
    notices.push(`${path} is readable by others (mode ${octal(found)}) and could not be tightened: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    return;
  }
  notices.push(`${path} was readable by others (mode ${octal(found)}): now ${octal(found & mode)}, for its user only`);
}
