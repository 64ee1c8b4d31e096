import { describe, expect, it } from 'vitest';
import { FRAME_MS, IDLE_FRAME_MS, frameDue, nextTickMs, sseEvent } from '../../../src/runtime/web/streamMessages.js';
import { joinSteps } from '../../../src/runtime/web/ticketDetail.js';
import type { TicketStep } from '../../../src/runtime/inspect/RunBoard.js';

describe('stream messages', () => {
  it('encodes one server-sent event on one data line, whatever the text holds', () => {
    const text = sseEvent('end', { state: 'completed\n\nevent: frame' });
    expect(text.startsWith('event: end\ndata: ')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(true);
    expect(text.split('\n')).toHaveLength(4); // event line, data line, the empty line that ends the event
    expect(JSON.parse(text.split('\n')[1]!.slice('data: '.length))).toEqual({ state: 'completed\n\nevent: frame' });
  });

  it('sends a frame when something changed, when the run finishes, and at least every IDLE_FRAME_MS', () => {
    expect(frameDue({ dirty: true, sinceLastFrameMs: 0, finishing: false })).toBe(true);
    expect(frameDue({ dirty: false, sinceLastFrameMs: 0, finishing: true })).toBe(true);
    expect(frameDue({ dirty: false, sinceLastFrameMs: IDLE_FRAME_MS - 1, finishing: false })).toBe(false);
    expect(frameDue({ dirty: false, sinceLastFrameMs: IDLE_FRAME_MS, finishing: false })).toBe(true);
  });

  it('slows the ticks down when frames get expensive, within bounds', () => {
    expect(nextTickMs(0)).toBe(FRAME_MS);
    expect(nextTickMs(50)).toBe(500);
    expect(nextTickMs(10_000)).toBe(IDLE_FRAME_MS);
  });
});

describe('joinSteps', () => {
  const step = (at: number, from: string, to: string): TicketStep => ({ at, from, to, event: 'X', attempt: 1, agentId: undefined }) as TicketStep;

  it('puts the journal first and drops live steps it already holds', () => {
    const history = [step(1, 'waiting', 'ready'), step(2, 'ready', 'executing')];
    const live = [step(2, 'ready', 'executing'), step(5, 'executing', 'completed')];
    expect(joinSteps(history, live).map((s) => s.at)).toEqual([1, 2, 5]);
    expect(joinSteps([], live)).toEqual(live);
  });
});
