/**
 * The agent slots of a run and their actors. The supervisor spawns the
 * actors; the pool keeps a mirror of which slots are idle, per agent type, so
 * that dispatch finds a free agent in O(1). The mirror is updated only from the
 * actors' own snapshots after each event the pool sends them, so it can never
 * disagree with the statecharts.
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
  state: AgentState;
}

export class AgentPool {
  readonly slots: AgentSlot[] = [];
  private readonly byId = new Map<string, number>();
  private readonly idle = new Map<string, number[]>();
  private busy = 0;

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
    if (!this.idle.has(type)) this.idle.set(type, []);
    for (let k = 0; k < count; k++) {
      const id = `agent-${String(this.slots.length + 1).padStart(3, '0')}`;
      this.byId.set(id, this.slots.length);
      this.slots.push({ id, type, ref: undefined, state: 'idle' });
      inputs.push({ agentId: id, agentType: type });
    }
    return inputs;
  }

  /** Binds spawned actors to their slots, and puts the new slots in the idle lists. */
  attach(children: Readonly<Record<string, unknown>>): void {
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i] as AgentSlot;
      if (slot.ref) continue;
      const ref = children[slot.id] as AgentRef | undefined;
      if (!ref) continue;
      slot.ref = ref;
      slot.state = ref.getSnapshot().value as AgentState;
      if (slot.state === 'idle') this.idle.get(slot.type)?.push(i);
    }
  }

  inputs(): AgentInput[] {
    return this.slots.map((s) => ({ agentId: s.id, agentType: s.type }));
  }

  slotOf(agentId: string): number | undefined {
    return this.byId.get(agentId);
  }

  /** Idle agents per type (the policy's input). */
  idleCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [type, list] of this.idle) out[type] = list.length;
    return out;
  }

  idleTotal(): number {
    let n = 0;
    for (const list of this.idle.values()) n += list.length;
    return n;
  }

  busyCount(): number {
    return this.busy;
  }

  /** Live slots (not retired) of a type. */
  countOf(type: string): number {
    return this.slots.filter((s) => s.type === type && s.state !== 'retired' && s.state !== 'retiring').length;
  }

  /** Takes an idle slot of `type` (the caller checked one exists). */
  takeIdle(type: string): number {
    const slot = this.idle.get(type)?.pop();
    if (slot === undefined) throw new Error(`no idle agent of type ${type}`);
    return slot;
  }

  /** Sends an event to a slot's actor and mirrors its new state. */
  send(slot: number, event: AgentEvent, ticket?: string): void {
    const s = this.slots[slot] as AgentSlot;
    const ref = s.ref;
    if (!ref) return;
    const from = s.state;
    ref.send(event);
    const to = ref.getSnapshot().value as AgentState;
    if (to === from) return;
    s.state = to;
    if (from === 'busy') this.busy--;
    if (to === 'busy') this.busy++;
    if (from === 'idle') {
      // `takeIdle` already removed ASSIGNed slots; RETIRE from idle must remove it here.
      const list = this.idle.get(s.type);
      const at = list?.indexOf(slot) ?? -1;
      if (list && at >= 0) list.splice(at, 1);
    }
    if (to === 'idle') this.idle.get(s.type)?.push(slot);
    if (this.hub.active) {
      this.hub.emit({ type: 'agent.transition', at: this.now(), agentId: s.id, agentType: s.type, from, to, ticket });
    }
  }
}
