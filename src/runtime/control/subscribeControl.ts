/**
 * The streaming side of the control channel: `subscribe` answers with the
 * run's full snapshot, then sends every engine event on the same connection
 * until the run ends (the engine closes it) or the subscriber leaves. What
 * `tpe monitor --web` reads a run in another process through.
 */
import { connect } from 'node:net';
import type { EngineEvent } from '../events.js';
import type { RunSnapshot } from '../runSnapshot.js';
import type { ControlResponse } from './protocol.js';
import { ControlUnavailable } from './sendControl.js';

export interface ControlSubscription {
  /** The run when the subscription began. */
  readonly snapshot: RunSnapshot;
  /** Resolves when the connection ends (the run finished, or its process is gone). */
  readonly ended: Promise<void>;
  close(): void;
}

export function subscribeControl(path: string, onEvent: (event: EngineEvent) => void, options: { timeoutMs?: number } = {}): Promise<ControlSubscription> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffered = '';
    let first = true;
    let endedResolve: () => void = () => undefined;
    const ended = new Promise<void>((r) => (endedResolve = r));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ControlUnavailable(path, `no answer within ${options.timeoutMs ?? 5000} ms`));
    }, options.timeoutMs ?? 5000);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ id: 1, op: 'subscribe' })}\n`));
    socket.on('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (first) reject(new ControlUnavailable(path, err.code ?? err.message));
    });
    socket.on('close', () => {
      clearTimeout(timer);
      if (first) reject(new ControlUnavailable(path, 'the run closed the connection before answering'));
      endedResolve();
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const message = JSON.parse(line) as ControlResponse;
        if ('event' in message) {
          onEvent(message.event as EngineEvent);
        } else if (first) {
          first = false;
          clearTimeout(timer);
          if (message.ok) resolve({ snapshot: message.result as RunSnapshot, ended, close: () => socket.destroy() });
          else {
            socket.destroy();
            reject(Object.assign(new Error(message.error.message), { code: message.error.code }));
          }
        }
      }
    });
  });
}
