import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { ticketMachine, type TicketEvent, type TicketInput } from '../../src/machines/ticketMachine.js';
import { backoffDelay, MAX_BACKOFF_MS } from '../../src/machines/backoffDelay.js';

const input: TicketInput = { retries: 1, gates: 1, hasRollback: true, backoffMs: 1000 };
const failure = { code: 'EXIT_CODE', message: 'exited with 1', retryable: true };

/** Runs events from the initial state; returns the final snapshot and every action type in order. */
function run(events: TicketEvent[], inp: TicketInput = input) {
  let [snap, actions] = initialTransition(ticketMachine, inp);
  const all = actions.map((a) => a.type);
  for (const e of events) {
    [snap, actions] = transition(ticketMachine, snap, e);
    all.push(...actions.map((a) => a.type));
  }
  return { snap, actions: all };
}

describe('ticketMachine', () => {
  it('starts waiting, with the input in context', () => {
    const { snap } = run([]);
    expect(snap.value).toBe('waiting');
    expect(snap.context).toMatchObject({ retries: 1, failures: 0, depsMet: false });
  });

  it('walks the happy path waiting → ready → executing → validating → completed', () => {
    const states: string[] = [];
    let [snap] = initialTransition(ticketMachine, input);
    for (const e of [{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_DONE' }, { type: 'GATES_PASSED' }] as TicketEvent[]) {
      [snap] = transition(ticketMachine, snap, e);
      states.push(String(snap.value));
    }
    expect(states).toEqual(['ready', 'executing', 'validating', 'completed']);
    expect(snap.status).toBe('done');
  });

  it('names the effects of each step, in order', () => {
    const { actions } = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_DONE' }, { type: 'GATES_PASSED' }]);
    // Context updates are applied inside the step; only effects come out, for the runtime to carry out.
    expect(actions).toEqual(['startWork', 'startValidation']);
  });

  it('skips validating when the ticket has no gates', () => {
    const { snap } = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_DONE' }], { ...input, gates: 0 });
    expect(snap.value).toBe('completed');
  });

  it('retries a retryable failure after a backoff deadline kept in context', () => {
    const { snap, actions } = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_FAILED', error: failure, at: 10_000 }]);
    expect(snap.value).toBe('retrying');
    expect(snap.context.retryAt).toBe(11_000);
    expect(snap.context.lastError).toEqual(failure);
    expect(actions).toContain('armBackoff');
    const [next] = transition(ticketMachine, snap, { type: 'BACKOFF_ELAPSED' });
    expect(next.value).toBe('ready');
  });

  it('rolls back and fails when no retries are left', () => {
    const { snap, actions } = run([
      { type: 'DEPS_MET' },
      { type: 'ASSIGN' },
      { type: 'WORK_FAILED', error: failure, at: 0 },
      { type: 'BACKOFF_ELAPSED' },
      { type: 'ASSIGN' },
      { type: 'WORK_DONE' },
      { type: 'GATE_FAILED', error: { ...failure, code: 'GATE_FAILED' }, at: 5 },
    ]);
    expect(snap.value).toBe('rollingBack');
    expect(actions.filter((a) => a === 'startRollback')).toHaveLength(1);
    expect(snap.context).toMatchObject({ failures: 2 });
    const [done] = transition(ticketMachine, snap, { type: 'ROLLBACK_DONE', ok: true });
    expect(done.value).toBe('failed');
    expect(done.context.rollback).toBe('ok');
  });

  it('fails at once on a non-retryable error, without rollback when none is defined', () => {
    const { snap } = run(
      [{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_FAILED', error: { ...failure, retryable: false }, at: 0 }],
      { ...input, hasRollback: false },
    );
    expect(snap.value).toBe('failed');
  });

  it('is blocked when a dependency fails, remembering which', () => {
    const { snap } = run([{ type: 'DEP_FAILED', dependency: 'SYS-014' }]);
    expect(snap.value).toBe('blocked');
    expect(snap.context.reason).toBe('SYS-014');
  });

  it('holds and releases back to where it would be', () => {
    expect(run([{ type: 'HOLD' }, { type: 'RELEASE' }]).snap.value).toBe('waiting');
    expect(run([{ type: 'HOLD' }, { type: 'DEPS_MET' }, { type: 'RELEASE' }]).snap.value).toBe('ready');
    expect(run([{ type: 'DEPS_MET' }, { type: 'HOLD' }]).snap.value).toBe('held');
  });

  it('is interrupted while executing and re-queued as a new attempt that does not count as a failure', () => {
    const { snap, actions } = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'INTERRUPT' }, { type: 'REQUEUE' }, { type: 'ASSIGN' }]);
    expect(snap.value).toBe('executing');
    expect(snap.context).toMatchObject({ failures: 0 });
    expect(actions).toContain('abortWork');
  });

  it('is cancelled from any non-final state, aborting running work', () => {
    expect(run([{ type: 'CANCEL', reason: 'x' }]).snap.value).toBe('cancelled');
    const running = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'CANCEL', reason: 'user' }]);
    expect(running.snap.value).toBe('cancelled');
    expect(running.actions).toContain('abortWork');
    expect(running.snap.context.reason).toBe('user');
  });

  it('keeps final states final: no event leaves completed', () => {
    const { snap } = run([{ type: 'DEPS_MET' }, { type: 'ASSIGN' }, { type: 'WORK_DONE' }, { type: 'GATES_PASSED' }]);
    for (const e of [{ type: 'REQUEUE' }, { type: 'ASSIGN' }, { type: 'CANCEL', reason: 'r' }, { type: 'DEPS_MET' }] as TicketEvent[]) {
      expect(transition(ticketMachine, snap, e)[0].value).toBe('completed');
    }
  });

  it('ignores a stale result in a state that does not expect it', () => {
    const { snap } = run([{ type: 'DEPS_MET' }]);
    expect(transition(ticketMachine, snap, { type: 'WORK_DONE' })[0].value).toBe('ready');
  });
});

describe('backoffDelay', () => {
  it('doubles per failure from the base, capped', () => {
    expect([1, 2, 3, 4].map((f) => backoffDelay(1000, f))).toEqual([1000, 2000, 4000, 8000]);
    expect(backoffDelay(1000, 40)).toBe(MAX_BACKOFF_MS);
    expect(backoffDelay(0, 3)).toBe(0);
  });
});
