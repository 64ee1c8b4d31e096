/**
 * Graphviz on a worker thread. Laying out a big graph takes seconds to
 * minutes and the WebAssembly call cannot be interrupted or yield: on the
 * main thread it would freeze a live run (the dashboard serves the plan's DAG
 * from the engine's process) and any progress display. The output is the
 * same bytes as `renderDotToSvg`.
 */
import { Worker } from 'node:worker_threads';
import { graphvizFailure, stableSvg } from './renderDotToSvg.js';

export interface RenderOffThreadOptions {
  /** Aborting terminates the thread at once (Graphviz has no other way to stop) and rejects with the signal's reason. */
  signal?: AbortSignal;
}

type WorkerAnswer = { ok: true; svg: string } | { ok: false; errors: string[] };

const ENTRY = new URL('./renderDotWorker.mjs', import.meta.url);

export function renderDotOffThread(dot: string, options: RenderOffThreadOptions = {}): Promise<string> {
  const { signal } = options;
  if (signal?.aborted) return Promise.reject(signal.reason as Error);
  return new Promise((resolve, reject) => {
    const worker = new Worker(ENTRY, { workerData: { dot } });
    const onAbort = () => {
      reject(signal?.reason as Error);
      void worker.terminate();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const done = () => signal?.removeEventListener('abort', onAbort);
    worker.once('message', (answer: WorkerAnswer) => {
      done();
      if (answer.ok) resolve(stableSvg(answer.svg));
      else reject(graphvizFailure(answer.errors));
    });
    worker.once('error', (err) => {
      done();
      reject(err);
    });
    // Settling twice is a no-op: this only matters when the thread died without answering.
    worker.once('exit', (code) => {
      done();
      reject(new Error(`the Graphviz thread exited (code ${code}) without an answer`));
    });
  });
}
