// The CPU benchmark's ceiling: a plain worker thread running `n` units of
// spin.mjs back to back, with no engine and no pool around it. With
// `workerData.wait`, it first reports 'ready' and starts on the first message
// (the warm measurement: thread start-up outside the clock).
import { parentPort, workerData } from 'node:worker_threads';
import spin from './spin.mjs';

const work = () => {
  for (let i = 0; i < workerData.n; i++) spin({ iterations: workerData.iterations });
  parentPort.postMessage('done');
};
if (workerData.wait) {
  parentPort.once('message', work);
  parentPort.postMessage('ready');
} else {
  work();
}
