import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { supervisorMachine, type SupervisorEvent, type SupervisorInput } from '../../src/machines/supervisorMachine.js';

const input: SupervisorInput = { runId: 'exec_test', agents: [{ agentId: 'agent-001', agentType: 'shell' }], failFast: false, remaining: 3 };
const changed = (running: number, remaining: number, unsuccessful = 0): SupervisorEvent => ({ type: 'TICKETS_CHANGED', running, remaining, unsuccessful });

function run(events: SupervisorEvent[], inp: SupervisorInput = input) {
  let [snap, actions] = initialTransition(supervisorMachine, inp);
  const all = actions.map((a) => a.type);
  for (const e of events) {
    [snap, actions] = transition(supervisorMachine, snap, e);
    all.push(...actions.map((a) => a.type));
  }
  return { snap, actions: all };
}

describe('supervisorMachine', () => {
  it('spawns its agents in one batch while validating', () => {
    const { snap, actions } = run([]);
    expect(snap.value).toBe('validating');
    expect(actions.filter((a) => a === 'xstate.spawnChild')).toHaveLength(1);
  });

  it('dispatches on start and after every batch of changes', () => {
    const { snap, actions } = run([{ type: 'START' }, changed(1, 3), changed(1, 2)]);
    expect(snap.value).toBe('running');
    expect(actions.filter((a) => a === 'dispatch')).toHaveLength(3);
  });

  it('completes when every ticket succeeded, fails when some did not', () => {
    expect(run([{ type: 'START' }, changed(0, 0)]).snap.value).toBe('completed');
    expect(run([{ type: 'START' }, changed(0, 0, 1)]).snap.value).toBe('failed');
    expect(run([{ type: 'START' }], { ...input, remaining: 0 }).snap.value).toBe('completed');
  });

  it('cancels the rest at the first failure with fail-fast', () => {
    const { snap, actions } = run([{ type: 'START' }, changed(1, 2, 1)], { ...input, failFast: true });
    expect(snap.value).toBe('failed');
    expect(actions).toContain('cancelRemaining');
  });

  it('pauses after running tickets finish when asked to wait', () => {
    const r = run([{ type: 'START' }, changed(2, 3), { type: 'PAUSE', wait: true, running: 2 }]);
    expect(r.snap.value).toBe('pausing');
    expect(r.actions).not.toContain('interruptRunning');
    const [after] = transition(supervisorMachine, r.snap, changed(0, 1));
    expect(after.value).toBe('paused');
  });

  it('interrupts running tickets when pausing without waiting, and re-queues them on resume', () => {
    const r = run([{ type: 'START' }, changed(2, 3), { type: 'PAUSE', wait: false, running: 2 }, changed(0, 3), { type: 'RESUME' }]);
    expect(r.snap.value).toBe('running');
    expect(r.actions).toContain('interruptRunning');
    expect(r.actions).toContain('requeueInterrupted');
    expect(r.actions.slice(-2)).toEqual(['dispatch', 'releaseAgents']);
  });

  it('pauses at once when nothing runs, whatever the last batch said', () => {
    const r = run([{ type: 'START' }, changed(3, 3), { type: 'PAUSE', wait: true, running: 0 }]);
    expect(r.snap.value).toBe('paused');
  });

  it('does not dispatch while paused or stopping', () => {
    const r = run([{ type: 'START' }, changed(1, 3), { type: 'STOP', force: false, running: 1 }, changed(1, 2)]);
    expect(r.snap.value).toBe('stopping');
    expect(r.actions.filter((a) => a === 'dispatch')).toHaveLength(2);
  });

  it('stops gracefully once nothing runs; --force interrupts first', () => {
    expect(run([{ type: 'START' }, changed(1, 3), { type: 'STOP', force: false, running: 1 }, changed(0, 2)]).snap.value).toBe('stopped');
    const forced = run([{ type: 'START' }, changed(1, 3), { type: 'STOP', force: true, running: 1 }]);
    expect(forced.snap.value).toBe('stopping');
    expect(forced.actions).toContain('interruptRunning');
    const escalated = run([{ type: 'START' }, changed(1, 3), { type: 'STOP', force: false, running: 1 }, { type: 'STOP', force: true, running: 1 }]);
    expect(escalated.actions).toContain('interruptRunning');
  });
});
