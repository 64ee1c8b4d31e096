import { describe, expect, it } from 'vitest';
import { actorEvent, eventEvent, snapshotEvent } from '../../../src/runtime/inspect/inspectionEvents.mjs';
import { createTicketFrameEncoder, MAX_NOTE_CHARS } from '../../../src/runtime/inspect/ticketFrames.mjs';

/** Reads client text frames back (RFC 6455 §5.2), checking the header of each. */
function readFrames(buffer: Buffer): unknown[] {
  const out: unknown[] = [];
  let o = 0;
  while (o < buffer.length) {
    expect(buffer[o]).toBe(0x81); // FIN, text
    const b1 = buffer[o + 1]!;
    expect(b1 & 0x80).toBe(0x80); // masked, as a client must
    let n = b1 & 0x7f;
    o += 2;
    if (n === 126) {
      n = buffer.readUInt16BE(o);
      expect(n).toBeGreaterThanOrEqual(126); // shortest encoding
      o += 2;
    } else if (n === 127) {
      n = Number(buffer.readBigUInt64BE(o));
      o += 8;
    }
    expect(buffer.readUInt32BE(o)).toBe(0); // the all-zero key
    o += 4;
    out.push(JSON.parse(buffer.toString('utf8', o, o + n)));
    o += n;
  }
  return out;
}

const states = ['ready', 'executing', 'completed'];
const events = ['ASSIGN', 'WORK_DONE'];

describe('ticket frames', () => {
  it('are the protocol events the object builders make, framed for a WebSocket', () => {
    const encoder = createTicketFrameEncoder({ parentId: 'supervisor:run-1', states, events, finals: ['completed'], eventFrames: true });
    encoder.nameTicket(0, 'A');
    encoder.nameTicket(1, 'ü "odd" id');
    encoder.nameAgent(0, 'shell-1');
    encoder.transition(0, 1, 0, 1, 0, 12, undefined);
    encoder.transition(1, 2, 1, 2, -1, 13.5, 'exit 3\nline two');
    const { buffer, frames } = encoder.take();
    expect(frames).toBe(4);
    const parent = 'supervisor:run-1';
    expect(readFrames(buffer)).toEqual([
      eventEvent('ticket:A', parent, parent, 'ASSIGN', '12'),
      snapshotEvent('ticket:A', parent, 'ASSIGN', { status: 'active', value: 'executing', context: { ticket: 'A', attempt: 1, agentId: 'shell-1' } }, '12'),
      eventEvent('ticket:ü "odd" id', parent, parent, 'WORK_DONE', '13.5'),
      snapshotEvent('ticket:ü "odd" id', parent, 'WORK_DONE', { status: 'done', value: 'completed', context: { ticket: 'ü "odd" id', attempt: 2, note: 'exit 3\nline two' } }, '13.5'),
    ]);
    expect(encoder.take().frames).toBe(0);
  });

  it('leave out the @xstate.event frames unless asked: each snapshot names its event', () => {
    const encoder = createTicketFrameEncoder({ parentId: 'p', states, events, finals: ['completed'] });
    encoder.nameTicket(0, 'A');
    encoder.transition(0, 1, 0, 1, -1, 5, undefined);
    const { buffer, frames } = encoder.take();
    expect(frames).toBe(1);
    expect(readFrames(buffer)).toEqual([snapshotEvent('ticket:A', 'p', 'ASSIGN', { status: 'active', value: 'executing', context: { ticket: 'A', attempt: 1 } }, '5')]);
  });

  it('frames ready-made events of any size with the shortest length field', () => {
    const encoder = createTicketFrameEncoder({ parentId: 'p', states, events, finals: [] });
    const small = eventEvent('s', 'p', 'p', 'X', '');
    const big = actorEvent('ticket:B', 'B', 'p', 'p', 'x'.repeat(70_000), { status: 'active', value: 'ready' }, '');
    encoder.frameJson(JSON.stringify({ type: 'x' }));
    encoder.frameJson(JSON.stringify(small));
    encoder.frameJson(JSON.stringify(big));
    expect(readFrames(encoder.take().buffer)).toEqual([{ type: 'x' }, small, big]);
  });

  it('cuts a huge note to keep a frame small', () => {
    const encoder = createTicketFrameEncoder({ parentId: 'p', states, events, finals: [] });
    encoder.nameTicket(0, 'A');
    encoder.transition(0, 1, 0, 1, -1, 1, 'e'.repeat(100_000));
    const [snapshot] = readFrames(encoder.take().buffer) as Array<{ snapshot: { context: { note: string } } }>;
    expect(snapshot!.snapshot.context.note).toHaveLength(MAX_NOTE_CHARS + 1);
  });
});
