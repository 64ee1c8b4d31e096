import { TpeError, type TpeErrorCode } from '../../errors.js';

/**
 * A ticket file the sync could not update (no frontmatter, a move that
 * would overwrite another file). Handed to `onError` with the file; the run
 * goes on. Errors from the file system (ENOENT, EACCES) are passed as they
 * are, with their `code`.
 */
export class RegistrySyncError extends TpeError {
  readonly file: string;
  constructor(code: TpeErrorCode, file: string, message: string) {
    super(code, `${file}: ${message}`);
    this.name = 'RegistrySyncError';
    this.file = file;
  }
}
