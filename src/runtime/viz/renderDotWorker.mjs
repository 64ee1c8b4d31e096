// The thread behind `renderDotOffThread`: one Graphviz layout, then exit.
// Plain JavaScript because worker threads on Node 20 cannot load .ts files
// (the build copies this file to dist/ as it is).
import { parentPort, workerData } from 'node:worker_threads';
import { instance } from '@viz-js/viz';

const viz = await instance();
const result = viz.render(workerData.dot, { format: 'svg', engine: 'dot' });
// Errors cross the thread as data: an Error would lose its message's context.
parentPort.postMessage(
  result.status === 'success' ? { ok: true, svg: result.output } : { ok: false, errors: result.errors.map((e) => e.message.trim()) },
);
