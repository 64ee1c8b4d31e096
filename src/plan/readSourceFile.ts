import { readFileSync, statSync } from 'node:fs';
import type { ProblemList } from './ProblemList.js';
import { memorySourceDoc } from './SourceDoc.js';

/** Larger input is refused before it is read: no plan or ticket needs 10 MB. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/**
 * Reads a plan or ticket file as UTF-8 (without a BOM), refusing missing
 * files (FILE_NOT_FOUND), folders and files over 10 MB (TOO_LARGE) with a
 * located problem instead of an exception.
 */
export function readSourceFile(file: string, problems: ProblemList): string | undefined {
  const doc = memorySourceDoc(file);
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      problems.error('FILE_NOT_FOUND', doc, [], 'not a file');
      return undefined;
    }
    if (stats.size > MAX_INPUT_BYTES) {
      const mb = (stats.size / (1024 * 1024)).toFixed(1);
      problems.error('TOO_LARGE', doc, [], `file is too large`, { expected: 'at most 10 MB', found: `${mb} MB` });
      return undefined;
    }
    const text = readFileSync(file, 'utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch (error) {
    problems.error('FILE_NOT_FOUND', doc, [], describeFsError(error));
    return undefined;
  }
}

/** `no such file or directory` rather than a Node error with a stack. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ENOTDIR') return 'not a directory';
  if (code === 'EISDIR') return 'is a directory';
  return `cannot read: ${(error as Error).message}`;
}
