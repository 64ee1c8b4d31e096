import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../src/runtime/events.js';
import { expandTicketBatch } from '../../../src/runtime/inspect/expandTicketBatch.js';
import type { InspectionEvent, TicketBatch } from '../../../src/runtime/inspect/inspectionProtocol.js';
import { RunBoard } from '../../../src/runtime/inspect/RunBoard.js';
import type { RunSnapshot } from '../../../src/runtime/runSnapshot.js';

const initial = {
  state: 'running',
  now: 0,
  agents: [{ id: 'shell-1', type: 'shell', state: 'idle', ticket: undefined }],
  tickets: [
    { id: 'A', state: 'ready', attempt: 0, agentId: undefined, startedAt: undefined, endedAt: undefined },
    { id: 'B', state: 'waiting', attempt: 0, agentId: undefined, startedAt: undefined, endedAt: undefined },
  ],
} as unknown as RunSnapshot;

const move = (ticket: string, from: string, to: string, event: string, at: number, extra: Partial<EngineEvent> = {}): EngineEvent =>
  ({ type: 'ticket.transition', at, ticket, index: ticket === 'A' ? 0 : 1, from, to, event, attempt: 1, agentId: 'shell-1', ...extra }) as EngineEvent;

const batchOf = (events: InspectionEvent[]) => events.find((e): e is TicketBatch => e.type === '@tpe.tickets');

describe('RunBoard', () => {
  it('announces every ticket in one batch, the ticket machine\'s definition once', () => {
    const board = new RunBoard('r1', initial);
    const batch = batchOf(board.everything())!;
    const actors = expandTicketBatch(batch);
    expect(actors.map((e) => [e.type, (e as { sessionId: string }).sessionId])).toEqual([
      ['@xstate.actor', 'ticket:A'],
      ['@xstate.actor', 'ticket:B'],
    ]);
    expect((actors[0] as { definition?: string }).definition).toContain('"executing"');
    expect((actors[1] as { definition?: string }).definition).toBeUndefined();
  });

  it('sends what changed since the last frame: per ticket its last event and where it is now', () => {
    const board = new RunBoard('r1', initial);
    board.apply(move('A', 'ready', 'executing', 'ASSIGN', 10));
    board.apply(move('A', 'executing', 'completed', 'WORK_DONE', 20));
    expect(board.dirty).toBe(true);
    const events = expandTicketBatch(batchOf(board.takeChanged())!);
    expect(events).toMatchObject([
      { type: '@xstate.event', sessionId: 'ticket:A', event: { type: 'WORK_DONE' } },
      { type: '@xstate.snapshot', sessionId: 'ticket:A', snapshot: { status: 'done', value: 'completed', context: { ticket: 'A', attempt: 1, agentId: 'shell-1', startedAt: 10, endedAt: 20 } } },
    ]);
    expect(board.dirty).toBe(false);
    expect(board.takeChanged()).toEqual([]);
  });

  it('keeps each ticket\'s steps, with their causes and notes, oldest first', () => {
    const board = new RunBoard('r1', initial);
    board.apply(move('A', 'ready', 'executing', 'ASSIGN', 10));
    board.apply(move('B', 'waiting', 'ready', 'DEPS_MET', 11, { agentId: undefined, attempt: 0 }));
    board.apply(move('A', 'executing', 'failing', 'WORK_FAILED', 12, { error: { code: 'EXIT_CODE', message: 'exit 3', retryable: true } } as Partial<EngineEvent>));
    expect(board.stepsOf('A')).toEqual([
      { at: 10, from: 'ready', to: 'executing', event: 'ASSIGN', attempt: 1, agentId: 'shell-1' },
      { at: 12, from: 'executing', to: 'failing', event: 'WORK_FAILED', attempt: 1, agentId: 'shell-1', note: 'exit 3' },
    ]);
    expect(board.stepsOf('B')).toEqual([{ at: 11, from: 'waiting', to: 'ready', event: 'DEPS_MET', attempt: 0, agentId: undefined }]);
    expect(board.stepsOf('nope')).toEqual([]);
  });

  it('grows its step log past its first size', () => {
    const board = new RunBoard('r1', initial);
    for (let i = 0; i < 10_000; i++) board.apply(move('A', 'ready', 'executing', 'ASSIGN', i));
    expect(board.stepsOf('A')).toHaveLength(10_000);
    expect(board.stepsOf('A').at(-1)?.at).toBe(9_999);
  });
});
