/**
 * `--inspect ws://…`: a local WebSocket server stands in for the Stately
 * inspector and must receive the protocol's events for every actor of a real
 * run: the supervisor, the agents, and each ticket from its first state to
 * its last.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type RawData } from 'ws';
import { compilePlan } from '../../../src/plan/index.js';
import { createEngine } from '../../../src/runtime/createEngine.js';
import { connectInspector } from '../../../src/runtime/inspect/connectInspector.js';

const work = mkdtempSync(join(tmpdir(), 'tpe-inspect-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Received {
  type: string;
  sessionId: string;
  parentId?: string;
  definition?: string;
  event?: { type: string };
  snapshot?: { value?: unknown; status?: string; context?: Record<string, unknown> };
}

async function inspectorServer(): Promise<{ url: string; events: Received[]; close: () => Promise<void> }> {
  const events: Received[] = [];
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('connection', (socket) => socket.on('message', (data: RawData) => events.push(JSON.parse(data.toString()) as Received)));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `ws://127.0.0.1:${port}`,
    events,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('--inspect', () => {
  it('sends inspection events of the supervisor, the agents and every ticket actor to a WebSocket inspector', async () => {
    const inspector = await inspectorServer();
    const loaded = compilePlan(
      {
        name: 'inspected',
        agents: { shell: { count: 2 } },
        tickets: [
          { id: 'A', run: ['true'] },
          { id: 'B', run: ['true'], depends_on: ['A'] },
          { id: 'C', run: ['sh', '-c', 'exit 3'], retries: 1, backoff: '10ms' },
        ],
      },
      { file: join(work, 'plan.yaml'), baseDir: work },
    );
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const engine = createEngine(loaded.value, { workspace: work });
    const errors: string[] = [];
    const connection = await connectInspector(engine, inspector.url, { onError: (m) => errors.push(m) });
    const result = await engine.start();
    const stats = await connection.close();
    await inspector.close();

    expect(result.status).toBe('failed'); // C fails twice
    expect(errors).toEqual([]);
    expect(stats.dropped).toBe(0);
    expect(stats.sent).toBe(inspector.events.length);

    const { events } = inspector;
    const supervisor = events.find((e) => e.type === '@xstate.actor' && e.parentId === undefined);
    expect(supervisor?.definition).toContain('"paused"');
    const actors = events.filter((e) => e.type === '@xstate.actor').map((e) => e.sessionId);
    expect(actors).toEqual(expect.arrayContaining(['ticket:A', 'ticket:B', 'ticket:C']));
    expect(actors.filter((s) => s.startsWith('ticket:'))).toHaveLength(3); // each announced once
    // Agents are live actors: the system's own inspection reports them.
    expect(events.some((e) => e.type === '@xstate.actor' && e.definition?.includes('"busy"'))).toBe(true);

    const ticketA = events.find((e) => e.type === '@xstate.actor' && e.sessionId === 'ticket:A');
    expect(ticketA?.parentId).toBe(supervisor?.sessionId);
    expect(ticketA?.definition).toContain('"executing"');

    const path = (id: string) => events.filter((e) => e.type === '@xstate.snapshot' && e.sessionId === `ticket:${id}`).map((e) => e.snapshot?.value);
    expect(path('A')).toContain('executing');
    expect(path('A').at(-1)).toBe('completed');
    expect(path('B').at(-1)).toBe('completed');
    expect(path('C').at(-1)).toBe('failed');
    expect(path('C').filter((v) => v === 'executing')).toHaveLength(2);
    const last = events.filter((e) => e.sessionId === 'ticket:C' && e.type === '@xstate.snapshot').at(-1);
    expect(last?.snapshot).toMatchObject({ status: 'done', context: { ticket: 'C', attempt: 2 } });
    // Every snapshot of a ticket names the event that caused it.
    const causes = events.filter((e) => e.type === '@xstate.snapshot' && e.sessionId === 'ticket:A').map((e) => e.event?.type);
    expect(causes).toContain('ASSIGN');
    expect(causes).toContain('WORK_DONE');
  });

  it('keeps the run going and says why when no inspector listens', async () => {
    const loaded = compilePlan({ name: 'lonely', tickets: [{ id: 'A', run: ['true'] }] }, { file: join(work, 'plan.yaml'), baseDir: work });
    if (!loaded.ok) throw new Error('plan');
    const engine = createEngine(loaded.value, { workspace: work });
    const errors: string[] = [];
    const connection = await connectInspector(engine, 'ws://127.0.0.1:9', { onError: (m) => errors.push(m), retryMs: 50 });
    const result = await engine.start();
    const stats = await connection.close(200);
    expect(result.status).toBe('completed');
    expect(errors.join('\n')).toMatch(/inspector ws:\/\/127\.0\.0\.1:9/);
    expect(stats.sent).toBe(0);
  });
});
