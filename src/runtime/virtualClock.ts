/**
 * A clock that only moves when told to: the engine on this clock is the
 * simulator (`--dry-run`, `simulate`, ETA) and the test harness.
 *
 * It has the interface of XState's `SimulatedClock` and adds what a
 * discrete-event driver needs and that one lacks: the time of the next timer,
 * and a jump to it. Timers due at the same time fire in the order they were set.
 */
import type { Clock } from './clock.js';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

export class VirtualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.nextId++;
    this.timers.set(id, { id, due: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.timers.delete(id as number);
  }

  /** Pending timers. */
  get pending(): number {
    return this.timers.size;
  }

  /** When the next timer fires, or undefined when none is set. */
  nextDue(): number | undefined {
    let due: number | undefined;
    for (const t of this.timers.values()) if (due === undefined || t.due < due) due = t.due;
    return due;
  }

  /**
   * Moves to the next timer's time and fires every timer due then.
   * @returns false when no timer is pending (time cannot move).
   */
  advanceToNext(): boolean {
    const due = this.nextDue();
    if (due === undefined) return false;
    this.advanceTo(due);
    return true;
  }

  /** Moves time forward to `time`, firing due timers in (due, creation) order. */
  advanceTo(time: number): void {
    if (time < this.current) throw new RangeError(`cannot move a clock back from ${this.current} to ${time}`);
    for (;;) {
      let next: Timer | undefined;
      for (const t of this.timers.values()) {
        if (t.due <= time && (next === undefined || t.due < next.due || (t.due === next.due && t.id < next.id))) next = t;
      }
      if (!next) break;
      this.timers.delete(next.id);
      this.current = next.due;
      next.fn();
    }
    this.current = time;
  }
}
