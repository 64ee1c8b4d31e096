/**
 * The dashboard's API as a page uses it, without a browser: the stream's
 * hello, frames and end over a real run, a ticket's detail, the control
 * buttons' endpoint, the DAG's fallback for a plan too large to lay out, and
 * a close that ends open streams.
 */
import { expandTicketBatch } from '../../../src/runtime/inspect/expandTicketBatch.js';
import type { InspectionEvent } from '../../../src/runtime/inspect/inspectionProtocol.js';
import { request, type IncomingMessage } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/runtime/createEngine.js';
import { engineDashboardSource } from '../../../src/runtime/web/engineDashboardSource.js';
import { startDashboardServer, type DashboardServer } from '../../../src/runtime/web/startDashboardServer.js';
import { makePlan } from '../../helpers/makePlan.js';

const servers: DashboardServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

interface Received {
  event: string;
  data: Record<string, unknown>;
}

/** Reads /api/stream as EventSource would; `next(pred)` resolves with the first message that matches. */
function openStream(server: DashboardServer) {
  const messages: Received[] = [];
  const waiters: Array<() => void> = [];
  let ended = false;
  let buffered = '';
  const req = request({ host: '127.0.0.1', port: server.port, path: '/api/stream', headers: { authorization: `Bearer ${server.token}` } }, (res: IncomingMessage) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buffered += chunk;
      for (let end = buffered.indexOf('\n\n'); end >= 0; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) messages.push({ event, data: JSON.parse(data) as Record<string, unknown> });
      }
      waiters.splice(0).forEach((w) => w());
    });
    res.on('end', () => {
      ended = true;
      waiters.splice(0).forEach((w) => w());
    });
  });
  req.on('error', () => undefined);
  req.end();
  let seen = 0;
  return {
    messages,
    get ended() {
      return ended;
    },
    /** The next message (after those already returned) that matches. */
    async next(pred: (m: Received) => boolean): Promise<Received> {
      for (;;) {
        while (seen < messages.length) {
          const m = messages[seen++] as Received;
          if (pred(m)) return m;
        }
        if (ended) throw new Error(`stream ended; got ${messages.map((m) => m.event).join(', ')}`);
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
    waitEnd: async () => {
      while (!ended) await new Promise<void>((resolve) => waiters.push(resolve));
    },
  };
}

async function api(server: DashboardServer, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${server.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type Inspection = Array<{ type: string; sessionId: string; definition?: string; snapshot?: { value?: unknown } }>;
/** A message's inspection events, ticket batches expanded into the protocol events they stand for. */
const inspectionOf = (m: Received): Inspection =>
  (m.data.inspection as InspectionEvent[]).flatMap((e) => (e.type === '@tpe.tickets' ? expandTicketBatch(e) : [e])) as unknown as Inspection;
const ticketValue = (m: Received, id: string) =>
  inspectionOf(m).filter((e) => e.sessionId === `ticket:${id}` && e.snapshot).map((e) => e.snapshot?.value).at(-1);

describe('dashboard API', () => {
  it('streams a run (hello, frames, end), details a ticket and pauses through /api/control', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const plan = makePlan([{ id: 'A' }, { id: 'B', dependsOn: ['A'] }, { id: 'C' }], { agents: [{ name: 'shell', count: 2, executor: 'function' }] });
    const engine = createEngine(plan, {
      workspace: '/tmp',
      functions: {
        // Work that lasts until the test says so (or the attempt is interrupted).
        shell: (_input, _ticket, ctx) =>
          new Promise<void>((resolve, reject) => {
            void gate.then(resolve);
            ctx.signal.addEventListener('abort', () => reject(new Error('interrupted')));
          }),
      },
    });
    const server = await startDashboardServer(engineDashboardSource(engine));
    servers.push(server);
    const stream = openStream(server);

    const hello = await stream.next((m) => m.event === 'hello');
    expect(hello.data).toMatchObject({ runId: engine.runId, finished: false, planVersion: 0 });
    expect((hello.data.snapshot as { tickets?: unknown }).tickets).toBeUndefined();
    const actors = inspectionOf(hello).filter((e) => e.type === '@xstate.actor');
    expect(actors.map((e) => e.sessionId)).toEqual(expect.arrayContaining(['ticket:A', 'ticket:B', 'ticket:C', `supervisor:${engine.runId}`]));
    expect(actors.filter((e) => e.definition?.includes('"executing"')).length).toBe(1); // the ticket machine travels once

    const result = engine.start();
    await stream.next((m) => m.event === 'frame' && ticketValue(m, 'A') === 'executing');

    const detail = await api(server, '/api/tickets/A');
    expect(detail.status).toBe(200);
    expect(detail.json).toMatchObject({ id: 'A', title: 'Ticket A', state: 'executing', attempt: 1, dependsOn: [] });
    expect((detail.json.steps as Array<{ to: string }>).map((s) => s.to)).toContain('executing');
    const waiting = await api(server, '/api/tickets/B');
    expect(waiting.json).toMatchObject({ state: 'waiting', dependsOn: ['A'], wait: { kind: 'dependency' } });
    expect((waiting.json.wait as { text: string }).text).toContain('A');

    expect((await api(server, '/api/control', { op: 'pause' })).status).toBe(200);
    expect(engine.state()).toBe('paused');
    await stream.next((m) => m.event === 'frame' && (m.data.snapshot as { state: string }).state === 'paused');
    const refused = await api(server, '/api/control', { op: 'bogus' });
    expect(refused.status).toBe(400);
    expect((await api(server, '/api/control', { op: 'resume' })).status).toBe(200);
    await stream.next((m) => m.event === 'frame' && (m.data.snapshot as { state: string }).state === 'running');

    release();
    expect((await result).status).toBe('completed');
    const end = await stream.next((m) => m.event === 'end');
    expect(end.data).toEqual({ state: 'completed' });
    await stream.waitEnd();
    const frames = stream.messages.filter((m) => m.event === 'frame').map((m) => m.data.seq as number);
    expect(frames).toEqual(frames.map((_, i) => (frames[0] as number) + i)); // numbered without gaps

    // A page that arrives after the end gets the whole run, then `end` at once.
    const late = openStream(server);
    await late.waitEnd();
    expect(late.messages.map((m) => m.event)).toEqual(['hello', 'end']);
    expect(late.messages[0]?.data.finished).toBe(true);
    expect(ticketValue(late.messages[0] as Received, 'B')).toBe('completed');
  });

  it('declines to lay out a plan too large for Graphviz; the page draws a grid from /api/info', async () => {
    const ids = Array.from({ length: 1501 }, (_, i) => `T${i}`);
    const plan = makePlan(ids.map((id, i) => ({ id, dependsOn: i > 0 && i % 3 !== 0 ? [ids[i - 1] as string] : [] })));
    const server = await startDashboardServer(engineDashboardSource(createEngine(plan, { workspace: '/tmp' })));
    servers.push(server);
    const dag = await api(server, '/api/dag.svg');
    expect(dag.status).toBe(413);
    expect(dag.json.tickets).toBe(1501);
    const info = await api(server, '/api/info');
    expect(info.json).toMatchObject({ dag: false, planName: 'test-plan' });
    expect((info.json.tickets as unknown[]).length).toBe(1501);
    expect((info.json.tickets as Array<{ id: string; dependsOn: string[] }>)[2]).toMatchObject({ id: 'T2', dependsOn: ['T1'] });
  });

  it('tells pages the run crashed when a monitored engine goes away without finishing', async () => {
    // A source whose engine "dies": its `ended` resolves while the run never finished, and it
    // answers nothing after that (as a closed control socket would).
    const engine = createEngine(makePlan([{ id: 'A' }]), { workspace: '/tmp', functions: { shell: () => new Promise<void>(() => undefined) } });
    const inner = engineDashboardSource(engine);
    let gone = false;
    let die!: () => void;
    const ended = new Promise<void>((resolve) => (die = resolve));
    const source = {
      ...inner,
      ended,
      snapshot: (options: Parameters<typeof inner.snapshot>[0]) => (gone ? Promise.reject(new Error('socket closed')) : inner.snapshot(options)),
    };
    const server = await startDashboardServer(source);
    servers.push(server);
    const stream = openStream(server);
    await stream.next((m) => m.event === 'hello');
    void engine.start();
    await stream.next((m) => m.event === 'frame' && ticketValue(m, 'A') === 'executing');
    gone = true;
    die();
    expect((await stream.next((m) => m.event === 'end')).data).toEqual({ state: 'crashed' });
    await stream.waitEnd();
    // A page opened afterwards gets the last summary seen and the same end, not an error.
    const late = openStream(server);
    await late.waitEnd();
    expect(late.messages.map((m) => m.event)).toEqual(['hello', 'end']);
    expect(late.messages[1]?.data).toEqual({ state: 'crashed' });
    await engine.stop({ force: true });
  });

  it('ends open streams on close', async () => {
    const server = await startDashboardServer(engineDashboardSource(createEngine(makePlan([{ id: 'A' }]), { workspace: '/tmp' })));
    const stream = openStream(server);
    await stream.next((m) => m.event === 'hello');
    await server.close();
    await stream.waitEnd();
    expect(stream.ended).toBe(true);
  });
});
