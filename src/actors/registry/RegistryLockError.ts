import { TpeError } from '../../errors.js';
import type { RegistryLockHolder } from './registryLockHolder.js';

/**
 * Another live run holds the registry's lock: only one coordinator may write
 * a registry. Carries the holder so that a caller can say who (and the CLI
 * can exit 2 with that message).
 */
export class RegistryLockError extends TpeError {
  readonly file: string;
  /** `undefined` when the lock file could not be read. */
  readonly holder: RegistryLockHolder | undefined;
  constructor(file: string, holder: RegistryLockHolder | undefined, registryDir: string) {
    const who =
      holder === undefined
        ? 'an unknown holder (the lock file is unreadable)'
        : `run ${holder.runId ?? '(no run id)'} (pid ${holder.pid} on ${holder.hostname}, since ${holder.acquiredAt})`;
    super(
      'ENGINE_STATE',
      `registry ${registryDir} is locked by ${who}: only one run may sync a registry at a time; ` +
        `wait for that run to end, or remove ${file} if it is gone`,
    );
    this.name = 'RegistryLockError';
    this.file = file;
    this.holder = holder;
  }
}
