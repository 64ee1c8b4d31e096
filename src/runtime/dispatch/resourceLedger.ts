/**
 * Free units of each capacity-limited resource, and who holds them.
 * Acquisition is all-or-nothing (a ticket gets every unit it needs or none),
 * so tickets never hold part of what they need while waiting for the rest:
 * no lock-order deadlock is possible.
 */
/** What a ticket holds: pairs of resource name and units. */
export type Needs = ReadonlyArray<readonly [resource: string, units: number]>;

export class ResourceLedger {
  private readonly free = new Map<string, number>();
  private readonly capacity = new Map<string, number>();
  private readonly holders = new Map<string, Map<number, number>>();
  /** Σ units × ms held, per resource, for utilization. */
  private readonly heldTime = new Map<string, number>();
  private readonly lastChange = new Map<string, number>();

  constructor(capacities: Readonly<Record<string, number>>, now: number) {
    for (const [name, cap] of Object.entries(capacities)) {
      this.free.set(name, cap);
      this.capacity.set(name, cap);
      this.holders.set(name, new Map());
      this.heldTime.set(name, 0);
      this.lastChange.set(name, now);
    }
  }

  /** Free units per resource, as a plain record (the policy's input). */
  freeUnits(): Record<string, number> {
    return Object.fromEntries(this.free);
  }

  canAcquire(needs: Needs): boolean {
    for (const [name, units] of needs) if ((this.free.get(name) ?? 0) < units) return false;
    return true;
  }

  /** Takes every unit `ticket` needs; the caller has checked `canAcquire`. */
  acquire(ticket: number, needs: Needs, now: number): void {
    if (!this.canAcquire(needs)) throw new Error(`resource over-subscription by ticket #${ticket}`);
    for (const [name, units] of needs) {
      this.account(name, now);
      this.free.set(name, (this.free.get(name) ?? 0) - units);
      this.holders.get(name)?.set(ticket, units);
    }
  }

  /** Returns what `ticket` holds of `needs` (what it acquired). */
  release(ticket: number, needs: Needs, now: number): void {
    for (const [name] of needs) {
      const held = this.holders.get(name);
      const units = held?.get(ticket);
      if (held === undefined || units === undefined) continue;
      this.account(name, now);
      held.delete(ticket);
      this.free.set(name, (this.free.get(name) ?? 0) + units);
    }
  }

  /** Every resource with its capacity and units in use. */
  usage(): Array<{ name: string; capacity: number; inUse: number }> {
    return [...this.capacity].map(([name, capacity]) => ({ name, capacity, inUse: capacity - (this.free.get(name) ?? 0) }));
  }

  holdersOf(name: string): number[] {
    return [...(this.holders.get(name)?.keys() ?? [])];
  }

  /** Changes a capacity at run time (`adjust --capacity`); free units follow, possibly below zero until holders finish. */
  setCapacity(name: string, capacity: number, now: number): void {
    const old = this.capacity.get(name) ?? 0;
    this.account(name, now);
    this.capacity.set(name, capacity);
    this.free.set(name, (this.free.get(name) ?? 0) + capacity - old);
    if (!this.holders.has(name)) this.holders.set(name, new Map());
  }

  /** Fraction of capacity × time in use, per resource, since the ledger was made. */
  utilization(since: number, now: number): Record<string, number> {
    const out: Record<string, number> = {};
    const span = Math.max(1, now - since);
    for (const [name, cap] of this.capacity) {
      this.account(name, now);
      out[name] = cap > 0 ? (this.heldTime.get(name) ?? 0) / (cap * span) : 0;
    }
    return out;
  }

  private account(name: string, now: number): void {
    const cap = this.capacity.get(name) ?? 0;
    const inUse = cap - (this.free.get(name) ?? 0);
    const last = this.lastChange.get(name) ?? now;
    this.heldTime.set(name, (this.heldTime.get(name) ?? 0) + inUse * (now - last));
    this.lastChange.set(name, now);
  }
}
