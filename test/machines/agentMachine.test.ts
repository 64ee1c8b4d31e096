import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { agentMachine, type AgentEvent } from '../../src/machines/agentMachine.js';

function run(events: AgentEvent[]) {
  let [snap, actions] = initialTransition(agentMachine, { agentId: 'agent-001', agentType: 'shell' });
  const all = actions.map((a) => a.type);
  for (const e of events) {
    [snap, actions] = transition(agentMachine, snap, e);
    all.push(...actions.map((a) => a.type));
  }
  return { snap, actions: all };
}

describe('agentMachine', () => {
  it('goes idle → busy → idle', () => {
    expect(run([{ type: 'ASSIGN', ticketId: 'T1' }]).snap.value).toBe('busy');
    expect(run([{ type: 'ASSIGN', ticketId: 'T1' }, { type: 'RELEASE' }]).snap.value).toBe('idle');
  });

  it('crashes, is replaced, and is idle again', () => {
    const crashed = run([{ type: 'ASSIGN', ticketId: 'T1' }, { type: 'CRASHED' }]);
    expect(crashed.snap.value).toBe('replacing');
    expect(crashed.actions).toContain('replaceAgent');
    expect(crashed.snap.context.crashes).toBe(1);
    expect(transition(agentMachine, crashed.snap, { type: 'REPLACED' })[0].value).toBe('idle');
  });

  it('retires at once when idle, after its ticket when busy, after its replacement when crashed', () => {
    expect(run([{ type: 'RETIRE' }]).snap.value).toBe('retired');
    const busy = run([{ type: 'ASSIGN', ticketId: 'T1' }, { type: 'RETIRE' }]);
    expect(busy.snap.value).toBe('busy');
    const after = transition(agentMachine, busy.snap, { type: 'RELEASE' });
    expect(after[0].value).toBe('retired');
    expect(after[1].map((a) => a.type)).toContain('retireAgent');
    const replacing = run([{ type: 'ASSIGN', ticketId: 'T1' }, { type: 'CRASHED' }, { type: 'RETIRE' }]);
    expect(transition(agentMachine, replacing.snap, { type: 'REPLACED' })[0].value).toBe('retired');
  });

  it('ignores events that make no sense in a state', () => {
    expect(run([{ type: 'RELEASE' }]).snap.value).toBe('idle');
    expect(run([{ type: 'ASSIGN', ticketId: 'T1' }, { type: 'ASSIGN', ticketId: 'T2' }]).snap.value).toBe('busy');
  });
});
