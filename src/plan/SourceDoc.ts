import type { Path } from './formatPath.js';

/** A line and column, both 1-based. */
export interface Position {
  line: number;
  col: number;
}

/**
 * Where input came from, able to point at any part of it. Problems are
 * located lazily through this, so a valid 100,000-ticket plan pays nothing
 * for positions it never reports.
 */
export interface SourceDoc {
  /** The file problems point into (absolute for files, as given for in-memory plans). */
  readonly file: string;
  /**
   * Position of the value at `path`, or of its key when `key` is true (for
   * "unknown field" problems). A path that does not exist (a missing field)
   * resolves to its nearest existing ancestor.
   */
  locate(path: Path, key?: boolean): Position;
}

/** A plan built in code has no positions: everything is at `file:1:1`. */
export function memorySourceDoc(file: string): SourceDoc {
  return { file, locate: () => ({ line: 1, col: 1 }) };
}
