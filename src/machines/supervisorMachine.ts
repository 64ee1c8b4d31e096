/**
 * The plan supervisor: the run's control state (running, pausing, paused,
 * stopping, and how it ended) and the parent of every agent actor.
 *
 * It decides when work may be dispatched; the runtime's coordinator decides
 * which (the pure policy in `src/runtime/pickAssignments.ts`) and owns the
 * ticket table and the resource ledgers. The ticket counts it needs for its
 * guards arrive in TICKETS_CHANGED, one event per batch of ticket changes, so
 * that a 100,000-ticket run sends it thousands of events, not millions.
 */
import { assign, enqueueActions, setup } from 'xstate';
import { agentMachine, type AgentInput } from './agentMachine.js';

export interface SupervisorInput {
  runId: string;
  /** The agent slots to spawn when the run starts. */
  agents: readonly AgentInput[];
  /** Stop the whole run at the first ticket that fails for good. */
  failFast: boolean;
  /** Tickets not yet in a final state when the run starts (0 for an empty or finished plan). */
  remaining: number;
}

export interface SupervisorContext extends SupervisorInput {
  /** Tickets holding an agent right now. */
  running: number;
  /** Tickets that ended failed, blocked or cancelled. */
  unsuccessful: number;
}

/** Ticket counts after a batch of changes; the coordinator is their only sender. */
export interface TicketCounts {
  running: number;
  remaining: number;
  unsuccessful: number;
}

export type SupervisorEvent =
  | { type: 'START' }
  | ({ type: 'TICKETS_CHANGED' } & TicketCounts)
  | { type: 'ADJUSTED' }
  | { type: 'SPAWN_AGENTS'; agents: readonly AgentInput[] }
  /** `running`: tickets holding an agent when the user asked (dispatch does not report starts, to stay cheap). */
  | { type: 'PAUSE'; wait: boolean; running: number }
  | { type: 'RESUME' }
  | { type: 'STOP'; force: boolean; running: number };

export const SUPERVISOR_STATES = ['validating', 'running', 'pausing', 'paused', 'stopping', 'stopped', 'completed', 'failed'] as const;
export type SupervisorState = (typeof SUPERVISOR_STATES)[number];

export const supervisorMachine = setup({
  types: {
    context: {} as SupervisorContext,
    events: {} as SupervisorEvent,
    input: {} as SupervisorInput,
  },
  actors: { agent: agentMachine },
  actions: {
    /** Takes the ticket counts of a TICKETS_CHANGED event into context, for the guards. */
    recordCounts: assign(({ event }) => {
      if (event.type === 'TICKETS_CHANGED') return { running: event.running, remaining: event.remaining, unsuccessful: event.unsuccessful };
      if (event.type === 'PAUSE' || event.type === 'STOP') return { running: event.running };
      return {};
    }),
    /** Spawns agent actors, all in one batch: spawning children one event each is quadratic (FACTS.md). */
    spawnAgents: enqueueActions(({ enqueue, context, event }) => {
      const agents = event.type === 'SPAWN_AGENTS' ? event.agents : context.agents;
      for (const agent of agents) enqueue.spawnChild('agent', { id: agent.agentId, input: agent });
    }),
    // Effects, implemented by the runtime's coordinator.
    /** Run the dispatch policy and start every assignment it returns. */
    dispatch: () => {},
    /**
     * Release the agents whose tickets ended in this batch and that dispatch did
     * not hand a next ticket (those got NEXT instead of RELEASE + ASSIGN).
     */
    releaseAgents: () => {},
    /** Interrupt every running ticket (abort its attempt); interrupted tickets are re-queued on resume. */
    interruptRunning: () => {},
    /** Return interrupted tickets to the ready queue as new attempts. */
    requeueInterrupted: () => {},
    /** Cancel every ticket not yet final (fail-fast). */
    cancelRemaining: () => {},
  },
  guards: {
    nothingRunning: ({ context }) => context.running === 0,
    allSucceeded: ({ context }) => context.remaining === 0 && context.unsuccessful === 0,
    allEndedSomeUnsuccessful: ({ context }) => context.remaining === 0 && context.unsuccessful > 0,
    failFastTripped: ({ context }) => context.failFast && context.unsuccessful > 0,
    waitRequested: ({ event }) => event.type === 'PAUSE' && event.wait,
    forceRequested: ({ event }) => event.type === 'STOP' && event.force,
  },
}).createMachine({
  id: 'supervisor',
  context: ({ input }) => ({ ...input, running: 0, unsuccessful: 0 }),
  initial: 'validating',
  on: {
    SPAWN_AGENTS: { actions: 'spawnAgents' },
  },
  states: {
    /**
     * Pre-execution: the plan was compiled and checked; the agents are spawned
     * (in one batch) so that they are idle when START begins the run.
     */
    validating: {
      entry: 'spawnAgents',
      on: {
        START: 'running',
        STOP: 'stopped',
      },
    },
    /**
     * Dispatching: after every batch of ticket changes the policy assigns ready
     * tickets to idle agents. Ends when every ticket is final.
     */
    running: {
      entry: ['dispatch', 'releaseAgents'],
      always: [
        { guard: 'allSucceeded', target: 'completed' },
        { guard: 'allEndedSomeUnsuccessful', target: 'failed' },
        { guard: 'failFastTripped', target: 'failed', actions: 'cancelRemaining' },
      ],
      on: {
        // An attempt interrupted by a pause that was resumed before it ended
        // lands here as `interrupted`: back to the queue with it, or the run
        // waits forever on a ticket nobody will dispatch (found by the
        // model-based tests: START → PAUSE → RESUME → the attempt ends).
        TICKETS_CHANGED: { actions: ['recordCounts', 'requeueInterrupted', 'dispatch', 'releaseAgents'] },
        ADJUSTED: { actions: ['dispatch', 'releaseAgents'] },
        PAUSE: [
          { guard: 'waitRequested', target: 'pausing', actions: 'recordCounts' },
          { target: 'pausing', actions: ['recordCounts', 'interruptRunning'] },
        ],
        STOP: [
          { guard: 'forceRequested', target: 'stopping', actions: ['recordCounts', 'interruptRunning'] },
          { target: 'stopping', actions: 'recordCounts' },
        ],
      },
    },
    /** No new dispatch; running tickets finish (or were interrupted). Paused once nothing runs. */
    pausing: {
      always: { guard: 'nothingRunning', target: 'paused' },
      on: {
        TICKETS_CHANGED: { actions: ['recordCounts', 'releaseAgents'] },
        // Tickets interrupted on the way in go back to the queue (those still
        // ending are re-queued by `running` when they have).
        RESUME: { target: 'running', actions: 'requeueInterrupted' },
        STOP: [
          { guard: 'forceRequested', target: 'stopping', actions: ['recordCounts', 'interruptRunning'] },
          { target: 'stopping', actions: 'recordCounts' },
        ],
      },
    },
    /** Nothing runs and nothing is dispatched; state is kept. RESUME continues where it left off. */
    paused: {
      on: {
        TICKETS_CHANGED: { actions: ['recordCounts', 'releaseAgents'] },
        RESUME: { target: 'running', actions: 'requeueInterrupted' },
        STOP: { target: 'stopping', actions: 'recordCounts' },
      },
    },
    /** No new dispatch; waits for running tickets to finish, or interrupts them with STOP --force. */
    stopping: {
      always: { guard: 'nothingRunning', target: 'stopped' },
      on: {
        TICKETS_CHANGED: { actions: ['recordCounts', 'releaseAgents'] },
        STOP: { guard: 'forceRequested', actions: 'interruptRunning' },
      },
    },
    /** Stopped by the user; unfinished tickets keep their state for a later resume. */
    stopped: { type: 'final' },
    /** Every ticket completed. */
    completed: { type: 'final' },
    /** Every ticket is final and some failed, were blocked or cancelled (or fail-fast cut the run short). */
    failed: { type: 'final' },
  },
});

export type SupervisorMachine = typeof supervisorMachine;
