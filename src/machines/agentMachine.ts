/**
 * One agent slot of a typed pool (`shell`, `compute`, `project-optimizer`, …).
 *
 * An agent is the capacity to carry out one ticket at a time. The supervisor
 * spawns one actor per slot and keeps it for the whole run (slot ids are
 * reused, never unique per ticket: see FACTS.md on leaking child ids). This
 * machine is the agent's life cycle: idle or busy, crashed and being replaced,
 * retiring. Which ticket it carries, since when and how far along is the
 * pool's bookkeeping (src/runtime/agentPool.ts): under load an agent goes from
 * one ticket to the next without leaving `busy`, so a ticket costs its agent no
 * event at all.
 */
import { assign, setup } from 'xstate';

export interface AgentInput {
  /** `agent-001`: stable for the run, shown in the agent matrix. */
  agentId: string;
  /** The agent type this slot belongs to. */
  agentType: string;
}

export interface AgentContext extends AgentInput {
  /** Times the agent died under a ticket and was replaced. */
  crashes: number;
  /** Set when parallelism was lowered while busy: retire once the current ticket is done. */
  retireRequested: boolean;
}

export type AgentEvent =
  /** The first ticket after a rest (the id is for whoever watches; the machine does not need it). */
  | { type: 'ASSIGN'; ticketId: string }
  /** No ticket is waiting for this agent any more. */
  | { type: 'RELEASE' }
  | { type: 'CRASHED' }
  | { type: 'REPLACED' }
  | { type: 'RETIRE' };

export const AGENT_STATES = ['idle', 'busy', 'crashed', 'replacing', 'retiring', 'retired'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const agentMachine = setup({
  types: {
    context: {} as AgentContext,
    events: {} as AgentEvent,
    input: {} as AgentInput,
  },
  actions: {
    /** Counts a crash. */
    recordCrash: assign(({ context }) => ({ crashes: context.crashes + 1 })),
    /** Remembers to retire after the current ticket. */
    requestRetire: assign({ retireRequested: true }),
    // Effects, implemented by the runtime.
    /** A replacement is being made ready (a new worker thread); the runtime sends REPLACED when it is. */
    replaceAgent: () => {},
    /** The slot leaves the pool for good. */
    retireAgent: () => {},
  },
  guards: {
    retireRequested: ({ context }) => context.retireRequested,
  },
}).createMachine({
  id: 'agent',
  context: ({ input }) => ({ ...input, crashes: 0, retireRequested: false }),
  initial: 'idle',
  states: {
    /** Free: the supervisor may assign it a ticket of its type. */
    idle: {
      on: {
        ASSIGN: 'busy',
        RETIRE: 'retiring',
      },
    },
    /**
     * Carrying out tickets of its type, one at a time (work, gates, rollback),
     * handed the next one as each ends. RELEASE when none is left for it.
     */
    busy: {
      on: {
        RELEASE: [{ guard: 'retireRequested', target: 'retiring' }, { target: 'idle' }],
        CRASHED: { target: 'crashed', actions: 'recordCrash' },
        RETIRE: { actions: 'requestRetire' },
      },
    },
    /** The agent died under its ticket (its worker thread exited or ran out of memory); the ticket failed with it. */
    crashed: {
      always: 'replacing',
    },
    /** A fresh agent is being made ready in the same slot. */
    replacing: {
      entry: 'replaceAgent',
      on: {
        REPLACED: [{ guard: 'retireRequested', target: 'retiring' }, { target: 'idle' }],
        RETIRE: { actions: 'requestRetire' },
      },
    },
    /** Leaving the pool because parallelism was lowered. */
    retiring: {
      entry: 'retireAgent',
      always: 'retired',
    },
    /** Gone from the pool; its slot id is not reused in this run. */
    retired: { type: 'final' },
  },
});

export type AgentMachine = typeof agentMachine;
