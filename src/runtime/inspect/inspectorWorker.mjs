// The inspector's worker thread: turns the compact batches the engine's
// thread posts (seven numbers per ticket transition, see InspectorThread.ts)
// into inspection-protocol events, framed for the WebSocket by
// ticketFrames.mjs, and writes each batch to the inspector in one socket
// write. Doing this on the engine's thread, one ws.send per event, cost 4.5×
// a 10,000-ticket run; here it runs on the other core.
//
// Plain JavaScript: worker threads on Node 20 cannot load TypeScript.
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import WebSocket from 'ws';
import { actorEvent, ticketSessionId } from './inspectionEvents.mjs';
import { createTicketFrameEncoder } from './ticketFrames.mjs';

// The run comes first: on Linux this thread lowers its own scheduling
// priority (a thread id is a pid to setpriority), so that on a busy machine
// framing events waits for the engine, not the other way round. Elsewhere,
// or where it is not allowed, it runs at normal priority.
try {
  const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
  if (Number.isInteger(tid) && tid > 0) setPriority(tid, 19);
} catch {
  /* not Linux, or not permitted: normal priority */
}

const { url, tickets, states, events, finals, parentId, definition, definitionEach, eventFrames, maxQueued, retryMs, fields } = workerData;
const encoder = createTicketFrameEncoder({ parentId, states, events, finals, eventFrames });
const ticketIds = [...tickets];
const announced = new Set();

let ws;
/** Framed batches not yet written (the inspector is away or connecting), oldest first. */
let queue = [];
let queuedFrames = 0;
let sent = 0;
let dropped = 0;
let failing = false;
let closing = false;
let retryTimer;

function connect() {
  if (closing) return;
  // The frames carry an all-zero mask key (see ticketFrames.mjs); ws is told
  // to use the same for what it sends itself (the close frame).
  const socket = new WebSocket(url, { perMessageDeflate: false, generateMask: (mask) => mask.fill(0) });
  ws = socket;
  socket.on('open', () => {
    failing = false;
    parentPort.postMessage({ t: 'open' });
    flush();
  });
  socket.on('error', (err) => {
    if (!failing) parentPort.postMessage({ t: 'error', message: `inspector ${url}: ${err.message}` });
    failing = true;
  });
  socket.on('close', () => {
    if (ws !== socket || closing) return;
    ws = undefined;
    retryTimer = setTimeout(connect, retryMs);
  });
}

function enqueue({ buffer, frames }) {
  if (frames === 0) return;
  queue.push({ buffer, frames });
  queuedFrames += frames;
  // An inspector that is away does not make the run hold its whole history:
  // the oldest batches go first.
  while (queuedFrames > maxQueued && queue.length > 1) {
    const old = queue.shift();
    queuedFrames -= old.frames;
    dropped += old.frames;
  }
}

function flush() {
  if (!ws || ws.readyState !== WebSocket.OPEN || queue.length === 0) return;
  const batch = queue.length === 1 ? queue[0].buffer : Buffer.concat(queue.map((x) => x.buffer));
  // Written below ws, which still does the handshake, reads what the
  // inspector sends and answers its pings.
  ws._socket.write(batch);
  sent += queuedFrames;
  queue = [];
  queuedFrames = 0;
}

function encodeBatch({ data, count, notes, extras, names, agents }) {
  for (const [index, id] of names) ticketIds[index] = id;
  for (const [code, id] of agents) encoder.nameAgent(code, id);
  for (const event of extras) encoder.frameJson(JSON.stringify(event));
  const d = new Float64Array(data);
  let note = 0;
  for (let k = 0; k < count; k++) {
    const o = k * fields;
    const index = d[o];
    if (!announced.has(index)) {
      // A ticket's first transition announces its actor, in the state it left.
      const id = ticketIds[index];
      encoder.nameTicket(index, id);
      const def = definitionEach || announced.size === 0 ? definition : undefined;
      encoder.frameJson(JSON.stringify(actorEvent(ticketSessionId(id), id, parentId, parentId, def, { status: 'active', value: states[d[o + 1]], context: { ticket: id } }, String(d[o + 6]))));
      announced.add(index);
    }
    const text = note < notes.length && notes[note][0] === k ? notes[note++][1] : undefined;
    encoder.transition(index, d[o + 2], d[o + 3], d[o + 4], d[o + 5], d[o + 6], text);
  }
  enqueue(encoder.take());
}

const until = (deadline, condition) =>
  (async () => {
    while (!condition() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  })();

parentPort.on('message', async (message) => {
  if (message.t === 'batch') {
    encodeBatch(message);
    flush();
  } else if (message.t === 'close') {
    const deadline = Date.now() + message.timeoutMs;
    // An inspector still connecting gets the run's events before the end.
    await until(deadline, () => ws?.readyState !== WebSocket.CONNECTING);
    flush();
    await until(deadline, () => !(ws?.readyState === WebSocket.OPEN && (ws.bufferedAmount > 0 || ws._socket.writableLength > 0)));
    closing = true;
    clearTimeout(retryTimer);
    // The close handshake: the inspector answers once it has read every frame
    // before it, so the run's last events are not lost when its process ends.
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      const socket = ws;
      await new Promise((resolve) => {
        const cut = setTimeout(() => {
          socket.terminate();
          resolve();
        }, Math.max(0, deadline - Date.now()));
        socket.once('close', () => {
          clearTimeout(cut);
          resolve();
        });
        socket.close();
      });
    }
    parentPort.postMessage({ t: 'closed', sent, dropped: dropped + queuedFrames });
  }
});

connect();
