/**
 * The life of one ticket, as a pure statechart.
 *
 * The machine decides; it never acts. Everything effectful (starting work,
 * running gates, arming the backoff timer, aborting) is a named action that the
 * runtime implements: the supervisor steps each ticket's snapshot with
 * `ticketMachine.transition()` and carries out the actions it returns. Times
 * arrive in events (`at`), never from a clock, so a step is a function of
 * (snapshot, event) alone and deadlines live in context, where they survive a
 * restore (`after:` timers do not, see FACTS.md).
 */
import { assign, setup } from 'xstate';
import { backoffDelay } from './backoffDelay.js';

/** Why an attempt failed, as data (it may have crossed a thread or a process). */
export interface TicketFailure {
  code: string;
  message: string;
  retryable: boolean;
}

/**
 * What the machine needs to know of a ticket: its retry and validation policy.
 * Identity and attempt bookkeeping (id, attempt number, agent) live in the
 * runtime's ticket table: the machine never decides on them, and keeping them
 * out lets tickets with the same policy share snapshots (see ticketStepper.ts).
 */
export interface TicketInput {
  /** Retries allowed after the first attempt. */
  retries: number;
  /** Number of validation gates (0: `executing` goes straight to `completed`). */
  gates: number;
  hasRollback: boolean;
  /** First backoff delay in ms; doubles per failure. */
  backoffMs: number;
}

export interface TicketContext extends TicketInput {
  /** True once every hard dependency has completed (remembered while held). */
  depsMet: boolean;
  /** Attempts that failed (interrupted attempts do not count against `retries`). */
  failures: number;
  /** Time of the last failure, the origin of the backoff deadline. */
  failedAt: number | undefined;
  /** Deadline of the current backoff: the runtime arms a timer for it (also after a restore). */
  retryAt: number | undefined;
  lastError: TicketFailure | undefined;
  /** The dependency whose failure blocked this ticket, or the reason it was cancelled. */
  reason: string | undefined;
  /** Outcome of the rollback, when one ran. */
  rollback: 'ok' | 'failed' | undefined;
}

export type TicketEvent =
  | { type: 'DEPS_MET' }
  | { type: 'DEP_FAILED'; dependency: string }
  | { type: 'HOLD' }
  | { type: 'RELEASE' }
  /** An agent took the ticket (which agent, and the attempt number, are the runtime's bookkeeping). */
  | { type: 'ASSIGN' }
  | { type: 'WORK_DONE' }
  | { type: 'WORK_FAILED'; error: TicketFailure; at: number }
  | { type: 'GATES_PASSED' }
  | { type: 'GATE_FAILED'; error: TicketFailure; at: number }
  | { type: 'BACKOFF_ELAPSED' }
  | { type: 'ROLLBACK_DONE'; ok: boolean }
  | { type: 'INTERRUPT' }
  | { type: 'REQUEUE' }
  | { type: 'CANCEL'; reason: string };

/** Every ticket event type, in a fixed order (inspection encodes an event by its index here). */
export const TICKET_EVENT_TYPES = [
  'DEPS_MET',
  'DEP_FAILED',
  'HOLD',
  'RELEASE',
  'ASSIGN',
  'WORK_DONE',
  'WORK_FAILED',
  'GATES_PASSED',
  'GATE_FAILED',
  'BACKOFF_ELAPSED',
  'ROLLBACK_DONE',
  'INTERRUPT',
  'REQUEUE',
  'CANCEL',
] as const satisfies ReadonlyArray<TicketEvent['type']>;
// And none missing: a new event type that is not listed above fails to compile here.
type UnlistedTicketEvent = Exclude<TicketEvent['type'], (typeof TICKET_EVENT_TYPES)[number]>;
const _noneUnlisted: [UnlistedTicketEvent] extends [never] ? true : UnlistedTicketEvent = true;

/** A ticket's context before anything happened to it. */
export function initialTicketContext(input: TicketInput, depsMet: boolean): TicketContext {
  return {
    ...input,
    depsMet,
    failures: 0,
    failedAt: undefined,
    retryAt: undefined,
    lastError: undefined,
    reason: undefined,
    rollback: undefined,
  };
}

/** Every state of a ticket, in the order of a ticket's life. */
export const TICKET_STATES = [
  'waiting',
  'held',
  'ready',
  'executing',
  'validating',
  'failing',
  'retrying',
  'rollingBack',
  'interrupted',
  'completed',
  'failed',
  'blocked',
  'cancelled',
] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** States a ticket never leaves. */
export const FINAL_TICKET_STATES: ReadonlySet<TicketState> = new Set(['completed', 'failed', 'blocked', 'cancelled']);
/** States in which the ticket occupies an agent. */
export const BUSY_TICKET_STATES: ReadonlySet<TicketState> = new Set(['executing', 'validating', 'rollingBack']);

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent,
    input: {} as TicketInput,
  },
  actions: {
    /** Remembers a failed attempt: the error, when, and one more failure against `retries`. */
    recordFailure: assign(({ context, event }) => {
      if (event.type !== 'WORK_FAILED' && event.type !== 'GATE_FAILED') return {};
      return { lastError: event.error, failedAt: event.at, failures: context.failures + 1 };
    }),
    // Effects, implemented by the runtime (src/runtime/coordinator.ts).
    /** Hand the ticket's work to its agent's executor. */
    startWork: () => {},
    /** Run the validation gates after the work succeeded. */
    startValidation: () => {},
    /** Run the rollback command after the last attempt failed. */
    startRollback: () => {},
    /** Arm a timer for `context.retryAt` that sends BACKOFF_ELAPSED. */
    armBackoff: () => {},
    /** Disarm the backoff timer (cancelled or held while retrying). */
    disarmBackoff: () => {},
    /** Abort the running attempt (its process group is killed, its worker thread torn down). */
    abortWork: () => {},
  },
  guards: {
    depsMet: ({ context }) => context.depsMet,
    noGates: ({ context }) => context.gates === 0,
    /** The failure may be retried and retries are left. */
    canRetry: ({ context }) => context.lastError?.retryable === true && context.failures <= context.retries,
    hasRollback: ({ context }) => context.hasRollback,
  },
}).createMachine({
  id: 'ticket',
  context: ({ input }) => initialTicketContext(input, false),
  initial: 'waiting',
  states: {
    /** Some hard dependency is not completed yet. Leaves when all are (DEPS_MET) or one fails (DEP_FAILED). */
    waiting: {
      on: {
        DEPS_MET: { target: 'ready', actions: assign({ depsMet: true }) },
        DEP_FAILED: { target: 'blocked', actions: assign({ reason: ({ event }) => event.dependency }) },
        HOLD: 'held',
        CANCEL: { target: 'cancelled', actions: assign({ reason: ({ event }) => event.reason }) },
      },
    },
    /** Put on hold by the user: never dispatched until RELEASE, which returns it to where it would be. */
    held: {
      on: {
        RELEASE: [{ guard: 'depsMet', target: 'ready' }, { target: 'waiting' }],
        DEPS_MET: { actions: assign({ depsMet: true }) },
        DEP_FAILED: { target: 'blocked', actions: assign({ reason: ({ event }) => event.dependency }) },
        CANCEL: { target: 'cancelled', actions: assign({ reason: ({ event }) => event.reason }) },
      },
    },
    /** Dependencies met; waits in the ready queue for an idle agent of its type, its resources and no conflict. */
    ready: {
      on: {
        ASSIGN: { target: 'executing', actions: assign({ retryAt: undefined }) },
        HOLD: 'held',
        CANCEL: { target: 'cancelled', actions: assign({ reason: ({ event }) => event.reason }) },
      },
    },
    /** An agent runs the work. Leaves on its result, or when interrupted (stop --force, pause, crash) or cancelled. */
    executing: {
      entry: 'startWork',
      on: {
        WORK_DONE: [{ guard: 'noGates', target: 'completed' }, { target: 'validating' }],
        WORK_FAILED: { target: 'failing', actions: 'recordFailure' },
        INTERRUPT: { target: 'interrupted', actions: 'abortWork' },
        CANCEL: { target: 'cancelled', actions: ['abortWork', assign({ reason: ({ event }) => event.reason })] },
      },
    },
    /** The work succeeded; the validation gates run in order on the same agent. The first failing gate fails the attempt. */
    validating: {
      entry: 'startValidation',
      on: {
        GATES_PASSED: 'completed',
        GATE_FAILED: { target: 'failing', actions: 'recordFailure' },
        INTERRUPT: { target: 'interrupted', actions: 'abortWork' },
        CANCEL: { target: 'cancelled', actions: ['abortWork', assign({ reason: ({ event }) => event.reason })] },
      },
    },
    /** An attempt failed: decides at once between another attempt, a rollback, or failure. */
    failing: {
      always: [
        { guard: 'canRetry', target: 'retrying' },
        { guard: 'hasRollback', target: 'rollingBack' },
        { target: 'failed' },
      ],
    },
    /** Waits out an exponential backoff (deadline in `retryAt`), then returns to the ready queue. */
    retrying: {
      entry: [
        assign({
          retryAt: ({ context }) => (context.failedAt ?? 0) + backoffDelay(context.backoffMs, context.failures),
        }),
        'armBackoff',
      ],
      on: {
        BACKOFF_ELAPSED: 'ready',
        HOLD: { target: 'held', actions: 'disarmBackoff' },
        CANCEL: { target: 'cancelled', actions: ['disarmBackoff', assign({ reason: ({ event }) => event.reason })] },
      },
    },
    /** The last attempt failed: the rollback command undoes its effects, then the ticket fails. */
    rollingBack: {
      entry: 'startRollback',
      on: {
        ROLLBACK_DONE: { target: 'failed', actions: assign({ rollback: ({ event }) => (event.ok ? 'ok' : 'failed') }) },
      },
    },
    /** The attempt was cut short by the user or a crash; REQUEUE (resume) makes it ready for a new attempt. */
    interrupted: {
      on: {
        REQUEUE: 'ready',
        CANCEL: { target: 'cancelled', actions: assign({ reason: ({ event }) => event.reason }) },
      },
    },
    /** Done and validated. Never runs again in this run, also after resume. */
    completed: { type: 'final' },
    /** Every attempt failed (and the rollback, if any, ran). Its dependents are blocked. */
    failed: { type: 'final' },
    /** A hard dependency failed or was cancelled, so this ticket can never run. */
    blocked: { type: 'final' },
    /** Cancelled by the user or by --fail-fast. */
    cancelled: { type: 'final' },
  },
});

export type TicketMachine = typeof ticketMachine;
