import { readFileSync, statSync } from 'node:fs';
import type { ProblemList } from './ProblemList.js';
import { memorySourceDoc } from './SourceDoc.js';

/** Larger input is refused before it is read: no plan or ticket needs 10 MB. */
export const MAX_INPUT_BYTES = 10 * 1024 * 1024;

/**
 * Reads a plan or ticket file as UTF-8 (without a BOM), refusing missing
 * files (FILE_NOT_FOUND), folders, files over 10 MB (TOO_LARGE) and bytes
 * that are not UTF-8 (YAML_SYNTAX, at the first bad byte) with a located
 * problem instead of an exception or silently replaced characters.
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
    return decodeUtf8(readFileSync(file), file, problems);
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

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of `bytes`, or a problem at the first byte that is not UTF-8 (a Latin-1 `é`, a UTF-16 file, binary data). */
function decodeUtf8(bytes: Buffer, file: string, problems: ProblemList): string | undefined {
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      problems.error('YAML_SYNTAX', memorySourceDoc(file), [], 'the file is UTF-16: save it as UTF-8');
      return undefined;
    }
    // Everything before the first replacement character that the bytes do not spell out decoded as is.
    const text = bytes.toString('utf8');
    let index = 0;
    for (;;) {
      index = text.indexOf('\ufffd', index);
      if (index === -1) break;
      const offset = Buffer.byteLength(text.slice(0, index));
      if (!(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) break;
      index++;
    }
    const before = text.slice(0, Math.max(index, 0));
    const line = (before.match(/\n/g)?.length ?? 0) + 1;
    const col = before.length - (before.lastIndexOf('\n') + 1) + 1;
    const offset = Buffer.byteLength(before);
    const found = `byte 0x${(bytes[offset] ?? 0).toString(16).padStart(2, '0')}`;
    problems.error('YAML_SYNTAX', { file, locate: () => ({ line, col }) }, [], 'not valid UTF-8', { expected: 'a UTF-8 text file', found });
    return undefined;
  }
}
