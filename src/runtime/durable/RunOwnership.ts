/**
 * An engine's hold on its run while it runs it: the lease it took (or was
 * granted when the run was recorded), renewed while it lives, and what
 * happens when a journal write finds the run taken by another engine — which
 * can only be a holder on another host presumed dead after a long silence, or
 * the store edited by hand: the engine stops its work at once, and its start()
 * ends with a `RunOwnedError` instead of a result.
 */
import { RunOwnedError } from '../../errors.js';
import type { LeaseHolder } from '../store/decideTakeover.js';
import { LEASE_RENEW_MS } from '../store/decideTakeover.js';
import { describeHolder } from '../store/describeHolder.js';
import type { RunLease } from '../store/RunLeases.js';
import type { FencedJournalOptions, RunStore } from '../store/RunStore.js';

export class RunOwnership {
  private current: RunLease | undefined;
  private lostTo: { holder: LeaseHolder | undefined } | undefined;
  private readonly listeners: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly store: RunStore, private readonly now: () => number) {}

  /** The lease, once the run was recorded or taken. */
  get lease(): RunLease {
    if (!this.current) throw new Error('the run has no lease yet');
    return this.current;
  }

  set lease(lease: RunLease) {
    this.current = lease;
  }

  get lost(): boolean {
    return this.lostTo !== undefined;
  }

  /** What the run's journal needs to carry this lease's fence. */
  journalOptions(): FencedJournalOptions {
    return { lease: () => this.lease, onLost: (holder) => this.markLost(holder) };
  }

  /** Called once, when the run is found taken by another engine. */
  onLost(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** Renews the lease while the run lives (the timer never keeps the process alive). */
  startRenewing(): void {
    this.timer ??= setInterval(() => {
      if (this.lost) return;
      if (!this.store.renewLease(this.lease, this.now())) this.markLost(this.store.holderOf(this.lease.runId));
    }, LEASE_RENEW_MS);
    this.timer.unref();
  }

  /** At the run's end: gives the run up (when still ours) so that a later resume takes it freely. */
  release(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.current && !this.lost) this.store.releaseLease(this.current);
  }

  /** The error start() ends with after the run was lost. */
  lostError(): RunOwnedError {
    const holder = this.lostTo?.holder;
    return new RunOwnedError(this.lease.runId, holder ?? { pid: 0, host: '' }, describeHolder(this.lease.runId, holder, this.now(), 'lost'));
  }

  private markLost(holder: LeaseHolder | undefined): void {
    if (this.lostTo) return;
    this.lostTo = { holder };
    for (const listener of this.listeners) listener();
  }
}
