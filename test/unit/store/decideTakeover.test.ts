import { describe, expect, it } from 'vitest';
import { decideTakeover, type LeaseHolder } from '../../../src/runtime/store/decideTakeover.js';

const holder = (over: Partial<LeaseHolder> = {}): LeaseHolder => ({ pid: 42, startTicks: 7, host: 'here', acquiredAt: 0, renewedAt: 1_000, ...over });
const ctx = (liveness: 'alive' | 'dead', now = 2_000) => ({ host: 'here', now, staleAfterMs: 60_000, liveness: () => liveness });

describe('decideTakeover', () => {
  it('takes a run nobody holds (never taken, or released at its end)', () => {
    expect(decideTakeover({ fence: 0, holder: undefined }, ctx('alive'))).toEqual({ take: true, why: 'free' });
    expect(decideTakeover({ fence: 3, holder: undefined }, ctx('alive'))).toEqual({ take: true, why: 'free' });
  });

  it('on this host, asks the kernel: a dead holder loses the run, a living one keeps it however silent', () => {
    expect(decideTakeover({ fence: 1, holder: holder() }, ctx('dead'))).toEqual({ take: true, why: 'holder-dead' });
    // Not renewed for an hour (stopped with SIGSTOP): alive, so not taken.
    expect(decideTakeover({ fence: 1, holder: holder() }, ctx('alive', 3_600_000))).toMatchObject({ take: false, why: 'holder-alive' });
  });

  it('a holder on another host is presumed dead only after it stopped renewing for the stale time', () => {
    const far = holder({ host: 'there' });
    expect(decideTakeover({ fence: 1, holder: far }, ctx('dead', 30_000))).toMatchObject({ take: false, why: 'holder-elsewhere' });
    expect(decideTakeover({ fence: 1, holder: far }, ctx('alive', 61_001))).toEqual({ take: true, why: 'holder-silent' });
  });
});
