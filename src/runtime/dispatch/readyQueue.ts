/**
 * The ready tickets, one rank-ordered heap per agent type, plus the tickets
 * parked behind something that only a release can change (a resource, a
 * conflicting running ticket, isolation).
 *
 * Parking is what keeps dispatch cheap: a ticket blocked on a busy mutex is not
 * re-examined after every unrelated completion, only when that mutex is freed.
 * Removal is lazy: each ticket has a version, bumped whenever its entries must
 * be forgotten (it left `ready`, or its rank changed); stale entries are skipped.
 */
import { BinaryHeap } from './binaryHeap.js';
import { compareRank, type DispatchTicket, type TicketSource } from './pickAssignments.js';

interface Entry {
  t: DispatchTicket;
  version: number;
}

/** Where a parked ticket waits: a resource, a running ticket, or isolation. */
export type ParkKey = `r:${string}` | `t:${number}` | 'isolation';

const byRank = (a: Entry, b: Entry) => compareRank(a.t.rank, b.t.rank);

export class ReadyQueue {
  private readonly heaps = new Map<string, BinaryHeap<Entry>>();
  private readonly parked = new Map<ParkKey, Entry[]>();
  private versions: Int32Array;
  /** Entries popped by the iterators of the current dispatch, not yet started or parked. */
  private taken: Entry[] = [];

  constructor(tickets: number) {
    this.versions = new Int32Array(tickets);
  }

  /** Room for tickets added while running. */
  grow(tickets: number): void {
    if (tickets <= this.versions.length) return;
    const next = new Int32Array(Math.max(tickets, this.versions.length * 2));
    next.set(this.versions);
    this.versions = next;
  }

  /** Adds a ready ticket (or re-adds it with a new rank): older entries of it become stale. */
  push(t: DispatchTicket): void {
    const version = ++this.versions[t.index]!;
    this.heap(t.agent).push({ t, version });
  }

  /** Forgets a ticket (it left `ready`). */
  remove(index: number): void {
    this.versions[index]!++;
  }

  /**
   * The ready tickets of an agent type in rank order, popped lazily: only what
   * the policy reads leaves the heap. `settle` must follow the dispatch.
   */
  source(agentType: string): TicketSource {
    const heap = this.heaps.get(agentType);
    return {
      next: () => {
        for (let e = heap?.pop(); e; e = heap?.pop()) {
          if (e.version !== this.versions[e.t.index]) continue;
          this.taken.push(e);
          return e.t;
        }
        return undefined;
      },
    };
  }

  /**
   * Ends a dispatch: started tickets are forgotten, waiting ones parked under
   * `parkKey`, and every other ticket read is put back.
   */
  settle(started: ReadonlySet<number>, parkKey: (index: number) => ParkKey | undefined): void {
    for (const e of this.taken) {
      if (started.has(e.t.index)) {
        this.versions[e.t.index]!++;
        continue;
      }
      const key = parkKey(e.t.index);
      if (key === undefined) this.heap(e.t.agent).push(e);
      else {
        const list = this.parked.get(key);
        if (list) list.push(e);
        else this.parked.set(key, [e]);
      }
    }
    this.taken = [];
  }

  /** Returns the tickets parked under `key` to their heaps (something they waited for was freed). */
  unpark(key: ParkKey): void {
    const list = this.parked.get(key);
    if (!list) return;
    this.parked.delete(key);
    for (const e of list) if (e.version === this.versions[e.t.index]) this.heap(e.t.agent).push(e);
  }

  /** True when some ready ticket of this type sits in a heap (parked ones excluded). */
  hasCandidates(agentType: string): boolean {
    const heap = this.heaps.get(agentType);
    if (!heap) return false;
    // Drop stale heads so an empty-but-stale heap does not look busy.
    for (let top = heap.peek(); top && top.version !== this.versions[top.t.index]; top = heap.peek()) heap.pop();
    return heap.size > 0;
  }

  private heap(agentType: string): BinaryHeap<Entry> {
    let h = this.heaps.get(agentType);
    if (!h) {
      h = new BinaryHeap(byRank);
      this.heaps.set(agentType, h);
    }
    return h;
  }
}
