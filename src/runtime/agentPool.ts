/**
 * The agent slots of a run: their actors (spawned by the supervisor) and the
 * bookkeeping of what each one carries. The pool keeps, per agent type, the
 * slots dispatch may give a ticket, so that finding one is O(1).
 *
 * A slot is available when its actor is idle, or when its ticket has just
 * ended and the supervisor has not yet processed that batch ("releasing").
 * Dispatch gives a releasing slot its next ticket without any event (the
 * agent stays busy); the supervisor's `releaseAgents` action sends RELEASE to
 * the slots left without one. The pool's view of each actor's state is read
 * back from the actor after every event it sends, so it never disagrees with
 * the statecharts.
 */
import type { ActorRefFrom } from 'xstate';
import type { AgentEvent, AgentInput, AgentState, agentMachine } from '../machines/agentMachine.js';
import type { AgentTypeSpec } from '../plan/types.js';
import type { EventHub } from './events.js';

type AgentRef = ActorRefFrom<typeof agentMachine>;

export interface AgentSlot {
  id: string;
  type: string;
  ref: AgentRef | undefined;
  /** The actor's state, as of the last event the pool sent it. */
  state: AgentState;
  /** The ticket it carries (or has just finished, while releasing). */
  ticket: string | undefined;
  /** Engine-clock time the current ticket started. */
  since: number | undefined;
  /** Progress of the current ticket, 0..1, when the work reports it. */
  progress: number;
  /** True between the end of its ticket and the supervisor's next batch. */
  releasing: boolean;
  /** Parallelism was lowered: this slot takes no new ticket and retires when its ticket ends. */
  retiring: boolean;
  completed: number;
  failed: number;
}

export class AgentPool {
  readonly slots: AgentSlot[] = [];
  private readonly byId = new Map<string, number>();
  private readonly available = new Map<string, number[]>();
  private releasing: number[] = [];

  constructor(
    agentTypes: readonly AgentTypeSpec[],
    private readonly hub: EventHub,
    private readonly now: () => number,
  ) {
    for (const spec of agentTypes) this.add(spec.name, spec.count);
  }

  /** Adds `count` slots of a type; returns their actor inputs (the supervisor spawns them). */
  add(type: string, count: number): AgentInput[] {
    const inputs: AgentInput[] = [];
    if (!this.available.has(type)) this.available.set(type, []);
    for (let k = 0; k < count; k++) {
      const id = `agent-${String(this.slots.length + 1).padStart(3, '0')}`;
      this.byId.set(id, this.slots.length);
      this.slots.push({ id, type, ref: undefined, state: 'idle', ticket: undefined, since: undefined, progress: 0, releasing: false, retiring: false, completed: 0, failed: 0 });
      inputs.push({ agentId: id, agentType: type });
    }
    return inputs;
  }

  /** Binds spawned actors to their slots, and makes the new idle slots available. */
  attach(children: Readonly<Record<string, unknown>>): void {
    // Backwards, so that the available stacks hand out agent-001 first.
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const slot = this.slots[i] as AgentSlot;
      if (slot.ref) continue;
      const ref = children[slot.id] as AgentRef | undefined;
      if (!ref) continue;
      slot.ref = ref;
      slot.state = ref.getSnapshot().value as AgentState;
      if (slot.state === 'idle') this.available.get(slot.type)?.push(i);
    }
  }

  inputs(): AgentInput[] {
    return this.slots.map((s) => ({ agentId: s.id, agentType: s.type }));
  }

  slotOf(agentId: string): number | undefined {
    return this.byId.get(agentId);
  }

  /** Available slots per type (the policy's input). */
  availableCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [type, list] of this.available) out[type] = list.length;
    return out;
  }

  availableTotal(): number {
    let n = 0;
    for (const list of this.available.values()) n += list.length;
    return n;
  }

  /** Takes an available slot of `type` for a ticket: ASSIGN if it was idle, nothing if it was releasing (still busy). */
  assign(type: string, ticketId: string, at: number): number {
    const slot = this.available.get(type)?.pop();
    if (slot === undefined) throw new Error(`no available agent of type ${type}`);
    const s = this.slots[slot] as AgentSlot;
    s.ticket = ticketId;
    s.since = at;
    s.progress = 0;
    if (s.releasing) s.releasing = false;
    else this.send(slot, { type: 'ASSIGN', ticketId });
    return slot;
  }

  setProgress(slot: number, fraction: number): void {
    const s = this.slots[slot];
    if (s) s.progress = Math.max(0, Math.min(1, fraction));
  }

  /** The slot's ticket ended (`ok`: completed): it becomes available, and is released unless dispatch gives it the next ticket. */
  markReleasing(slot: number, ok: boolean): void {
    const s = this.slots[slot] as AgentSlot;
    if (ok) s.completed++;
    else s.failed++;
    s.releasing = true;
    this.releasing.push(slot);
    if (!s.retiring) this.available.get(s.type)?.push(slot);
  }

  /** Live slots of a type: not retired and not on their way out. */
  liveCount(type: string): number {
    let n = 0;
    for (const s of this.slots) if (s.type === type && !s.retiring && s.state !== 'retired' && s.state !== 'retiring') n++;
    return n;
  }

  /**
   * Lowers a type's pool by `count` slots: idle ones retire at once, busy ones
   * after their current ticket (the statechart's RETIRE). Returns the slots retired or retiring.
   */
  retire(type: string, count: number): string[] {
    const chosen: string[] = [];
    const candidates = this.slots
      .map((s, i) => ({ s, i }))
      .filter(({ s }) => s.type === type && !s.retiring && s.state !== 'retired' && s.state !== 'retiring')
      // Idle (or just finishing) first, newest first: the pool shrinks from the top.
      .sort((a, b) => Number(a.s.state === 'busy' && !a.s.releasing) - Number(b.s.state === 'busy' && !b.s.releasing) || b.i - a.i);
    for (const { s, i } of candidates.slice(0, count)) {
      s.retiring = true;
      const list = this.available.get(s.type);
      const at = list?.indexOf(i) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
      this.send(i, { type: 'RETIRE' });
      chosen.push(s.id);
    }
    return chosen;
  }

  /** Sends RELEASE to every slot still releasing (the supervisor's `releaseAgents`). */
  releasePending(): void {
    const pending = this.releasing;
    if (pending.length === 0) return;
    this.releasing = [];
    for (const slot of pending) {
      const s = this.slots[slot] as AgentSlot;
      if (!s.releasing) continue; // it was given the next ticket meanwhile
      s.releasing = false;
      s.since = undefined;
      s.progress = 0;
      this.send(slot, { type: 'RELEASE' });
      s.ticket = undefined;
    }
  }

  /** The agent died under its ticket: crashed → replacing, not available until REPLACED. */
  crash(slot: number): void {
    const s = this.slots[slot] as AgentSlot;
    s.failed++;
    this.send(slot, { type: 'CRASHED' });
    s.ticket = undefined;
    s.since = undefined;
    s.progress = 0;
  }

  /** Sends an event to a slot's actor and mirrors its new state. */
  send(slot: number, event: AgentEvent): void {
    const s = this.slots[slot] as AgentSlot;
    const ref = s.ref;
    if (!ref) return;
    const from = s.state;
    ref.send(event);
    const to = ref.getSnapshot().value as AgentState;
    if (to === from) return;
    s.state = to;
    // Back to idle after a crash (REPLACED): available again. After RELEASE it already was.
    if (to === 'idle' && from !== 'busy' && !s.retiring) this.available.get(s.type)?.push(slot);
    if (from === 'idle' && to !== 'busy') {
      // Left idle other than through `assign` (RETIRE): no longer available.
      const list = this.available.get(s.type);
      const at = list?.indexOf(slot) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
    }
    if (this.hub.active) this.hub.emit({ type: 'agent.transition', at: this.now(), agentId: s.id, agentType: s.type, from, to, ticket: s.ticket });
  }
}
