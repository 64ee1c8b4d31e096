/**
 * One agent slot of a typed pool (`shell`, `compute`, `project-optimizer`, …).
 *
 * An agent is the capacity to carry out one ticket at a time. The supervisor
 * spawns one actor per slot and keeps it for the whole run (slot ids are
 * reused, never unique per ticket: see FACTS.md on leaking child ids). The
 * executor does the work; this machine is the agent's explicit, visible state:
 * who it works for, how far along, whether it crashed or is being retired.
 */
import { assign, setup } from 'xstate';

export interface AgentInput {
  /** `agent-001`: stable for the run, shown in the agent matrix. */
  agentId: string;
  /** The agent type this slot belongs to. */
  agentType: string;
}

export interface AgentContext extends AgentInput {
  /** The ticket being carried out, while busy. */
  ticketId: string | undefined;
  /** Progress of the current ticket, 0..1, when the work reports it. */
  progress: number;
  /** Engine-clock time the current ticket started. */
  since: number | undefined;
  completed: number;
  failed: number;
  crashes: number;
  /** Set when parallelism was lowered while busy: retire after the current ticket. */
  retireRequested: boolean;
}

export type AgentEvent =
  | { type: 'ASSIGN'; ticketId: string; at: number }
  /** The previous ticket no longer needs the agent (`ok`: it completed) and the next one starts at once. */
  | { type: 'NEXT'; ticketId: string; at: number; ok: boolean }
  | { type: 'PROGRESS'; fraction: number }
  | { type: 'RELEASE'; ok: boolean }
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
    /** The ticket no longer needs the agent: count its outcome and clear the slot. */
    finishTicket: assign(({ context, event }) => {
      const ok = (event.type === 'RELEASE' || event.type === 'NEXT') && event.ok;
      return { ticketId: undefined, progress: 0, since: undefined, completed: context.completed + (ok ? 1 : 0), failed: context.failed + (ok ? 0 : 1) };
    }),
    /** Takes a ticket (ASSIGN or NEXT). */
    takeTicket: assign(({ event }) =>
      event.type === 'ASSIGN' || event.type === 'NEXT' ? { ticketId: event.ticketId, since: event.at, progress: 0 } : {},
    ),
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
  context: ({ input }) => ({
    ...input,
    ticketId: undefined,
    progress: 0,
    since: undefined,
    completed: 0,
    failed: 0,
    crashes: 0,
    retireRequested: false,
  }),
  initial: 'idle',
  states: {
    /** Free: the supervisor may assign it a ticket of its type. */
    idle: {
      on: {
        ASSIGN: { target: 'busy', actions: 'takeTicket' },
        RETIRE: 'retiring',
      },
    },
    /**
     * Carrying out one ticket (its work, its gates, its rollback). RELEASE when
     * the ticket no longer needs it; NEXT when the supervisor hands it the next
     * ticket in the same breath (under load, most hand-offs).
     */
    busy: {
      on: {
        NEXT: { actions: ['finishTicket', 'takeTicket'] },
        PROGRESS: { actions: assign({ progress: ({ event }) => Math.max(0, Math.min(1, event.fraction)) }) },
        RELEASE: [
          { guard: 'retireRequested', target: 'retiring', actions: 'finishTicket' },
          { target: 'idle', actions: 'finishTicket' },
        ],
        CRASHED: {
          target: 'crashed',
          actions: assign({ crashes: ({ context }) => context.crashes + 1, failed: ({ context }) => context.failed + 1 }),
        },
        RETIRE: { actions: assign({ retireRequested: true }) },
      },
    },
    /** The agent died under its ticket (its worker thread exited or ran out of memory); the ticket failed with it. */
    crashed: {
      entry: assign({ ticketId: undefined, progress: 0, since: undefined }),
      always: 'replacing',
    },
    /** A fresh agent is being made ready in the same slot. */
    replacing: {
      entry: 'replaceAgent',
      on: {
        REPLACED: [{ guard: 'retireRequested', target: 'retiring' }, { target: 'idle' }],
        RETIRE: { actions: assign({ retireRequested: true }) },
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
