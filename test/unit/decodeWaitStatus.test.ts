import { describe, expect, it } from 'vitest';
import { decodeWaitStatus } from '../../src/actors/spawn/decodeWaitStatus.js';

describe('decodeWaitStatus', () => {
  it('reads an exit code from the high byte', () => {
    expect(decodeWaitStatus(0)).toEqual({ exitCode: 0, signal: null });
    expect(decodeWaitStatus(3 << 8)).toEqual({ exitCode: 3, signal: null });
    expect(decodeWaitStatus(255 << 8)).toEqual({ exitCode: 255, signal: null });
  });

  it('names the signal that ended the process, with or without a core dump', () => {
    expect(decodeWaitStatus(15)).toEqual({ exitCode: null, signal: 'SIGTERM' });
    expect(decodeWaitStatus(9)).toEqual({ exitCode: null, signal: 'SIGKILL' });
    expect(decodeWaitStatus(6 | 0x80)).toEqual({ exitCode: null, signal: 'SIGABRT' });
  });
});
