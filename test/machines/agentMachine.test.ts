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
  it('goes idle → busy → idle, counting outcomes', () => {
    const { snap } = run([
      { type: 'ASSIGN', ticketId: 'T1', at: 5 },
      { type: 'PROGRESS', fraction: 0.5 },
      { type: 'RELEASE', ok: true },
      { type: 'ASSIGN', ticketId: 'T2', at: 9 },
      { type: 'RELEASE', ok: false },
    ]);
    expect(snap.value).toBe('idle');
    expect(snap.context).toMatchObject({ completed: 1, failed: 1, ticketId: undefined, progress: 0 });
  });

  it('tracks the ticket and clamps progress while busy', () => {
    const { snap } = run([{ type: 'ASSIGN', ticketId: 'T1', at: 5 }, { type: 'PROGRESS', fraction: 7 }]);
    expect(snap.value).toBe('busy');
    expect(snap.context).toMatchObject({ ticketId: 'T1', since: 5, progress: 1 });
  });

  it('crashes, is replaced, and is idle again', () => {
    const crashed = run([{ type: 'ASSIGN', ticketId: 'T1', at: 0 }, { type: 'CRASHED' }]);
    expect(crashed.snap.value).toBe('replacing');
    expect(crashed.actions).toContain('replaceAgent');
    expect(crashed.snap.context).toMatchObject({ crashes: 1, ticketId: undefined });
    expect(transition(agentMachine, crashed.snap, { type: 'REPLACED' })[0].value).toBe('idle');
  });

  it('retires at once when idle, after its ticket when busy', () => {
    expect(run([{ type: 'RETIRE' }]).snap.value).toBe('retired');
    const busy = run([{ type: 'ASSIGN', ticketId: 'T1', at: 0 }, { type: 'RETIRE' }]);
    expect(busy.snap.value).toBe('busy');
    const after = transition(agentMachine, busy.snap, { type: 'RELEASE', ok: true });
    expect(after[0].value).toBe('retired');
    expect(after[1].map((a) => a.type)).toContain('retireAgent');
  });
});

describe('agentMachine hand-off', () => {
  it('takes the next ticket while busy with NEXT, counting the previous outcome', () => {
    const { snap } = run([
      { type: 'ASSIGN', ticketId: 'T1', at: 0 },
      { type: 'NEXT', ticketId: 'T2', at: 5, ok: true },
      { type: 'NEXT', ticketId: 'T3', at: 9, ok: false },
    ]);
    expect(snap.value).toBe('busy');
    expect(snap.context).toMatchObject({ ticketId: 'T3', since: 9, completed: 1, failed: 1 });
  });
});
