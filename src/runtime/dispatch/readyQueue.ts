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
import type { WaitReason } from './waitReason.js';

interface Entry {
  t: DispatchTicket;
  version: number;
}

const byRank = (a: Entry, b: Entry) => compareRank(a.t.rank, b.t.rank);

export class ReadyQueue {
  private readonly heaps = new Map<string, BinaryHeap<Entry>>();
  // Parked tickets by what they wait for: a resource, a running ticket, isolation.
  private readonly onResource = new Map<string, Entry[]>();
  private readonly onTicket = new Map<number, Entry[]>();
  private onIsolation: Entry[] = [];
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
   * Ends a dispatch: started tickets are forgotten, waiting ones parked by
   * what they wait for, and every other ticket read is put back.
   */
  settle(started: ReadonlySet<number>, waits: ReadonlyMap<number, WaitReason>): void {
    for (const e of this.taken) {
      const i = e.t.index;
      if (started.has(i)) {
        this.versions[i]!++;
        continue;
      }
      const reason = waits.get(i);
      if (reason === undefined) this.heap(e.t.agent).push(e);
      else if (reason.kind === 'resource' || reason.kind === 'reserved') push(this.onResource, reason.resource, e);
      else if (reason.kind === 'conflict') push(this.onTicket, reason.with, e);
      else this.onIsolation.push(e);
    }
    this.taken = [];
  }

  /** A resource was freed: tickets waiting for it compete again. */
  unparkResource(name: string): void {
    this.requeue(this.onResource.get(name));
    this.onResource.delete(name);
  }

  /** A running ticket released its agent: tickets that conflict with it compete again. */
  unparkTicket(index: number): void {
    const list = this.onTicket.get(index);
    if (!list) return;
    this.onTicket.delete(index);
    this.requeue(list);
  }

  /** Something finished: tickets waiting on isolation look again. */
  unparkIsolation(): void {
    if (this.onIsolation.length === 0) return;
    const list = this.onIsolation;
    this.onIsolation = [];
    this.requeue(list);
  }

  private requeue(list: Entry[] | undefined): void {
    if (!list) return;
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

function push<K>(map: Map<K, Entry[]>, key: K, e: Entry): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}
