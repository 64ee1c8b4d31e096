/**
 * The client side of the control channel: one request, one response. Used by
 * `tpe pause | resume | stop | adjust | status | monitor` from another terminal.
 */
import { connect } from 'node:net';
import type { ControlRequest, ControlResponse } from './protocol.js';

export class ControlUnavailable extends Error {
  constructor(readonly path: string, readonly reason: string) {
    super(`no live run answers on ${path} (${reason})`);
    this.name = 'ControlUnavailable';
  }
}

type Req = ControlRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

let nextId = 1;

export function sendControl(path: string, request: Req, options: { timeoutMs?: number } = {}): Promise<unknown> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffered = '';
    const timer = options.timeoutMs
      ? setTimeout(() => {
          socket.destroy();
          reject(new ControlUnavailable(path, `no answer within ${options.timeoutMs} ms`));
        }, options.timeoutMs)
      : undefined;
    let answered = false;
    socket.setEncoding('utf8');
    socket.on('close', () => {
      if (timer) clearTimeout(timer);
      if (!answered) reject(new ControlUnavailable(path, 'the run closed the connection before answering'));
    });
    socket.on('connect', () => socket.write(`${JSON.stringify({ ...request, id })}\n`));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (timer) clearTimeout(timer);
      reject(new ControlUnavailable(path, err.code ?? err.message));
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      if (timer) clearTimeout(timer);
      answered = true;
      socket.end();
      const response = JSON.parse(buffered.slice(0, nl)) as ControlResponse;
      if ('ok' in response && response.ok) resolve(response.result);
      else if ('ok' in response) reject(Object.assign(new Error(response.error.message), { code: response.error.code }));
    });
  });
}

/** True when a live engine answers on `path`. */
export async function isLive(path: string | undefined): Promise<boolean> {
  if (!path) return false;
  try {
    await sendControl(path, { op: 'status', tickets: false, waitLimit: 0 }, { timeoutMs: 2000 });
    return true;
  } catch {
    return false;
  }
}
