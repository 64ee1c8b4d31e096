/**
 * Whether an engine may take a run: the pure half of run ownership (the
 * store's transaction is the other, see `RunStore.takeRun`).
 *
 * A run is taken when nobody holds it (never taken, or released at its end),
 * or when its holder is provably dead. On this host that is a question for the
 * kernel (pid and start time, see `processLiveness`): a holder that is merely
 * silent, such as one stopped with SIGSTOP, is alive and keeps the run, however
 * long it has not renewed. A holder on another host cannot be asked; it is
 * presumed dead once it has not renewed its lease for `staleAfterMs`, and the
 * fence keeps it from writing should it come back.
 */
import type { Liveness } from '../recovery/processLiveness.js';

/** The engine holding a run, as its lease records it. */
export interface LeaseHolder {
  pid: number;
  startTicks: number | undefined;
  host: string;
  acquiredAt: number;
  renewedAt: number;
}

export interface LeaseState {
  /** 0 for a run never taken. */
  fence: number;
  holder: LeaseHolder | undefined;
}

export type TakeoverDecision =
  | { take: true; why: 'free' | 'holder-dead' | 'holder-silent' }
  | { take: false; holder: LeaseHolder; why: 'holder-alive' | 'holder-elsewhere' };

export interface TakeoverContext {
  host: string;
  now: number;
  /** How long a holder on another host may go without renewing before it is presumed dead. */
  staleAfterMs: number;
  liveness: (pid: number, startTicks: number | undefined) => Liveness;
}

export function decideTakeover(lease: LeaseState, ctx: TakeoverContext): TakeoverDecision {
  const holder = lease.holder;
  if (!holder) return { take: true, why: 'free' };
  if (holder.host === ctx.host) {
    return ctx.liveness(holder.pid, holder.startTicks) === 'dead' ? { take: true, why: 'holder-dead' } : { take: false, holder, why: 'holder-alive' };
  }
  return ctx.now - holder.renewedAt > ctx.staleAfterMs ? { take: true, why: 'holder-silent' } : { take: false, holder, why: 'holder-elsewhere' };
}

/** How often a holder renews its lease (only a holder on another host is judged by it). */
export const LEASE_RENEW_MS = 5_000;

/** A lease not renewed for this long, held on another host, may be taken over. */
export const LEASE_STALE_MS = 60_000;
