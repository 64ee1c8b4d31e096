// The CPU benchmark's ceiling: a plain worker thread running `n` units of
// spin.mjs back to back, with no engine and no pool around it.
import { parentPort, workerData } from 'node:worker_threads';
import spin from './spin.mjs';

for (let i = 0; i < workerData.n; i++) spin({ iterations: workerData.iterations });
parentPort.postMessage('done');
