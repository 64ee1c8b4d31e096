/**
 * The live run's control channel: a Unix socket only the run's user can open
 * (mode 0600, in a 0700 directory), answering the protocol in protocol.ts by
 * calling the engine's own methods. Nothing else reaches the engine from
 * outside the process.
 */
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { TpeError } from '../../errors.js';
import type { Engine } from '../createEngine.js';
import type { ControlRequest, ControlResponse } from './protocol.js';
import { MAX_REQUEST_BYTES } from './protocol.js';
import { executeControl } from './executeControl.js';

export interface ControlServer {
  readonly path: string;
  close(): Promise<void>;
}

export interface ControlHooks {
  /** Called after each request that changed the run (for the store's audit trail). */
  onCommand?: (op: string, detail: unknown) => void;
}

export async function startControlServer(engine: Engine, path: string, hooks: ControlHooks = {}): Promise<ControlServer> {
  rmSync(path, { force: true }); // a socket left by a crashed engine of this run
  const sockets = new Set<Socket>();
  /** Requests being answered, per connection: closing waits for them (a `stop` is answered as the run ends). */
  const pending = new Map<Socket, number>();
  let closing = false;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    socket.setEncoding('utf8');
    let buffered = '';
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      if (buffered.length > MAX_REQUEST_BYTES) {
        socket.destroy();
        return;
      }
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (line.trim() !== '') void handle(socket, line);
      }
    });
  });

  const send = (socket: Socket, response: ControlResponse) => {
    if (!socket.destroyed) socket.write(`${JSON.stringify(response)}\n`);
  };

  async function handle(socket: Socket, line: string): Promise<void> {
    pending.set(socket, (pending.get(socket) ?? 0) + 1);
    try {
      await answer(socket, line);
    } finally {
      const left = (pending.get(socket) ?? 1) - 1;
      pending.set(socket, left);
      if (closing && left === 0) socket.end();
    }
  }

  async function answer(socket: Socket, line: string): Promise<void> {
    let request: ControlRequest;
    try {
      request = JSON.parse(line) as ControlRequest;
    } catch {
      send(socket, { id: 0, ok: false, error: { code: 'BAD_REQUEST', message: 'not JSON' } });
      return;
    }
    const id = typeof request.id === 'number' ? request.id : 0;
    try {
      const result = await execute(socket, request);
      if (request.op !== 'subscribe') send(socket, { id, ok: true, result });
      if (request.op !== 'status' && request.op !== 'subscribe') hooks.onCommand?.(request.op, request);
    } catch (err) {
      const code = err instanceof TpeError ? err.code : 'FAILED';
      send(socket, { id, ok: false, error: { code, message: err instanceof Error ? err.message : String(err) } });
    }
  }

  async function execute(socket: Socket, request: ControlRequest): Promise<unknown> {
    if (request.op !== 'subscribe') return executeControl(engine, request);
    const off = engine.on((event) => send(socket, { id: request.id, event }));
    socket.on('close', off);
    send(socket, { id: request.id, ok: true, result: engine.snapshot({ tickets: true }) });
    return undefined;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  // The directory is 0700 already; the socket itself too, in case it is moved or the directory is shared.
  chmodSync(path, 0o600);

  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        // No new connections; connections with an answer on its way get it, then end.
        server.close(() => {
          rmSync(path, { force: true });
          resolve();
        });
        for (const s of sockets) if ((pending.get(s) ?? 0) === 0) s.end();
        // Whoever still holds a connection open after a second (a subscriber) is cut off.
        setTimeout(() => {
          for (const s of sockets) s.destroy();
        }, 1000).unref();
      }),
  };
}
