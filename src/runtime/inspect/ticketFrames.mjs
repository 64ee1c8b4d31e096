// Ticket transitions straight to WebSocket frames, for the inspector's worker
// thread. Each transition becomes an `@xstate.snapshot` (optionally preceded
// by its `@xstate.event`) written as client text frames into one Buffer, from
// pieces encoded once: building 66,000 JSON strings for a 10,000-ticket run
// and converting them to bytes made the worker spend more time collecting
// garbage than working. test/unit/inspect/ticketFrames.test.ts checks that
// every frame parses to what the object builders of inspectionEvents.mjs make.
//
// Frames (RFC 6455 §5.2): FIN + text opcode, the mask bit with an all-zero
// key (so the payload goes as it is; masking protects HTTP proxies, and an
// inspector is reached directly), the shortest length encoding.
//
// Plain JavaScript: worker threads on Node 20 cannot load TypeScript.
import { INSPECT_PROTOCOL_VERSION } from './inspectionEvents.mjs';

const b = (text) => Buffer.from(text, 'utf8');
const q = (text) => JSON.stringify(text);
/** Longest note (error message) sent per transition: an inspector shows a line, the log has the rest. */
export const MAX_NOTE_CHARS = 2000;
/** Room for the numbers and header of one frame, beyond its pieces. */
const SLACK = 96;

/**
 * @param {{ parentId: string, states: string[], events: string[], finals: string[], eventFrames?: boolean }} options
 *   eventFrames: also an `@xstate.event` before each snapshot (see transition).
 */
export function createTicketFrameEncoder({ parentId, states, events, finals, eventFrames = false }) {
  const parentQ = q(parentId);
  const E1 = b('{"type":"@xstate.event","sessionId":');
  const E2 = b(`,"sourceId":${parentQ},"rootId":${parentQ},"event":{"type":`);
  const CREATED = b('},"id":"","createdAt":"');
  const END = b(`","_version":"${INSPECT_PROTOCOL_VERSION}"}`);
  const S1 = b('{"type":"@xstate.snapshot","sessionId":');
  const S2 = b(`,"rootId":${parentQ},"event":{"type":`);
  const statusDone = b('},"snapshot":{"status":"done","value":');
  const statusActive = b('},"snapshot":{"status":"active","value":');
  const TICKET = b(',"context":{"ticket":');
  const ATTEMPT = b(',"attempt":');
  const AGENT = b(',"agentId":');
  const NOTE = b(',"note":');
  const SNAPSHOT_END = b('}},"id":"","createdAt":"');
  const finalSet = new Set(finals);
  const stateB = states.map((s) => b(q(s)));
  const statusB = states.map((s) => (finalSet.has(s) ? statusDone : statusActive));
  const eventB = events.map((e) => b(q(e)));
  /** Per ticket index: [session id, ticket id] as JSON bytes; per agent code: its id. */
  const tickets = [];
  const agents = [];

  let out = Buffer.allocUnsafe(1 << 16);
  let o = 0;
  let frames = 0;

  const ensure = (n) => {
    if (o + n <= out.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(out.length * 2, o + n));
    out.copy(bigger, 0, 0, o);
    out = bigger;
  };
  // TypedArray#set: Buffer#copy's argument checks cost more than copying a short piece.
  const put = (piece) => {
    out.set(piece, o);
    o += piece.length;
  };
  const putText = (text) => {
    o += out.write(text, o);
  };
  // The payload is written 8 bytes after the frame start (room for a 16-bit
  // length); once its length is known the header goes in front, and a short
  // payload moves back 2 bytes.
  const begin = () => {
    const start = o;
    o += 8;
    return start;
  };
  const end = (start) => {
    const n = o - start - 8;
    if (n < 126) {
      out[start] = 0x81;
      out[start + 1] = 0x80 | n;
      out.writeUInt32BE(0, start + 2);
      out.copyWithin(start + 6, start + 8, o);
      o -= 2;
    } else {
      // Ticket events stay under 64 KiB: ids are short and notes are cut.
      out[start] = 0x81;
      out[start + 1] = 0x80 | 126;
      out.writeUInt16BE(n, start + 2);
      out.writeUInt32BE(0, start + 4);
    }
    frames++;
  };

  return {
    /** Names a ticket index (`id`) and an agent code. */
    nameTicket(index, id) {
      tickets[index] = [b(q(`ticket:${id}`)), b(q(id))];
    },
    nameAgent(code, id) {
      agents[code] = b(q(id));
    },
    /** Appends a frame with a ready-made JSON payload (actor announcements, extras). */
    frameJson(json) {
      const payload = b(json);
      const n = payload.length;
      ensure(n + 14);
      out[o++] = 0x81;
      if (n < 126) out[o++] = 0x80 | n;
      else if (n < 65536) {
        out[o++] = 0x80 | 126;
        out.writeUInt16BE(n, o);
        o += 2;
      } else {
        out[o++] = 0x80 | 127;
        out.writeUInt32BE(Math.floor(n / 2 ** 32), o);
        out.writeUInt32BE(n >>> 0, o + 4);
        o += 8;
      }
      out.writeUInt32BE(0, o);
      o += 4;
      put(payload);
      frames++;
    },
    /**
     * Appends the frames of one transition: its `@xstate.snapshot`, whose
     * `event` names the event that caused it, preceded by the `@xstate.event`
     * itself only with `eventFrames` (it says nothing the snapshot does not,
     * and doubles the frames an inspector must read). Arguments: ticket index, to-state code,
     * event code, attempt, agent code (-1: none), engine time, note or undefined.
     */
    transition(index, to, event, attempt, agent, at, note) {
      const [sessionB, idB] = tickets[index];
      const atText = String(at);
      const noteB = note === undefined ? undefined : b(q(note.length > MAX_NOTE_CHARS ? `${note.slice(0, MAX_NOTE_CHARS)}…` : note));
      const agentB = agent >= 0 ? agents[agent] : undefined;
      ensure(2 * (sessionB.length + eventB[event].length + SLACK + 200) + idB.length + stateB[to].length + (agentB?.length ?? 0) + (noteB?.length ?? 0) + 200);
      let start;
      if (eventFrames) {
        start = begin();
        put(E1);
        put(sessionB);
        put(E2);
        put(eventB[event]);
        put(CREATED);
        putText(atText);
        put(END);
        end(start);
      }
      start = begin();
      put(S1);
      put(sessionB);
      put(S2);
      put(eventB[event]);
      put(statusB[to]);
      put(stateB[to]);
      put(TICKET);
      put(idB);
      put(ATTEMPT);
      putText(String(attempt));
      if (agentB) {
        put(AGENT);
        put(agentB);
      }
      if (noteB) {
        put(NOTE);
        put(noteB);
      }
      put(SNAPSHOT_END);
      putText(atText);
      put(END);
      end(start);
    },
    /** The frames appended since the last take, as one Buffer, and their count. */
    take() {
      const taken = { buffer: out.subarray(0, o), frames };
      out = Buffer.allocUnsafe(Math.max(1 << 16, out.length));
      o = 0;
      frames = 0;
      return taken;
    },
    get pending() {
      return frames;
    },
  };
}
