// CPU tickets: 64 units of ~50 ms of pure computation through the `worker`
// executor (piscina threads, one agent per core) against the same units run
// one after another on one thread. Parallel efficiency = speedup ÷ cores.
// The machine's own ceiling is measured beside it: the same units split over
// plain worker threads, no engine (hyperthreads and a shared machine affect both).
// Cold: thread start-up and JIT warm-up inside the clock, as in a run's first
// tickets. Warm: threads already started (the engine's second run on the same
// executor, plain threads that wait for a go), as in a long run's steady state.
// Prints { cores, unitMs, sequentialMs, parallelMs, speedup, efficiency, rawEfficiency,
// warmMs, warmEfficiency, rawWarmMs, rawWarmEfficiency }.
import { cpus, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { compilePlan, createEngine, createExecutor } from '../dist/index.js';
import spin from './agents/spin.mjs';

const UNITS = 64;
const cores = cpus().length;

// Calibrate: iterations for ~50 ms on this machine (median of a few tries).
let iterations = 2_000_000;
for (let k = 0; k < 3; k++) {
  const t0 = performance.now();
  spin({ iterations });
  const ms = performance.now() - t0;
  iterations = Math.round((iterations * 50) / ms);
}
const t0 = performance.now();
for (let i = 0; i < UNITS; i++) spin({ iterations });
const sequentialMs = performance.now() - t0;

const planOf = (name) => {
  const loaded = compilePlan(
    {
      name,
      agents: { cpu: { count: cores, executor: 'worker', module: join(import.meta.dirname, 'agents', 'spin.mjs') } },
      tickets: Array.from({ length: UNITS }, (_, i) => ({ id: `C${i}`, agent: 'cpu', input: { iterations } })),
    },
    { file: '<bench>', baseDir: tmpdir() },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
};
const workspace = join(tmpdir(), 'tpe-bench-cpu');
/** One engine run of the units; resolves with its time from start() to its result. */
async function engineRun(name, executor) {
  const engine = createEngine(planOf(name), { workspace, ...(executor ? { executor } : {}) });
  const t = performance.now();
  const result = await engine.start();
  if (result.status !== 'completed') throw new Error(`cpu run ${result.status}`);
  return performance.now() - t;
}
/** The units split over plain threads; with `warm`, timed from a go sent once all have started. */
async function rawRun(warm) {
  const workers = Array.from({ length: cores }, (_, k) => {
    const n = Math.floor(UNITS / cores) + (k < UNITS % cores ? 1 : 0);
    return new Worker(join(import.meta.dirname, 'agents', 'spinThread.mjs'), { workerData: { n, iterations, wait: warm } });
  });
  const next = (w) =>
    new Promise((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
    });
  if (warm) await Promise.all(workers.map(next));
  const t = performance.now();
  await Promise.all(
    workers.map((w) => {
      const done = next(w);
      if (warm) w.postMessage('go');
      return done.then(() => w.terminate());
    }),
  );
  return performance.now() - t;
}

// Cold: a fresh engine whose executor starts its threads (and loads the module) in the clock.
const parallelMs = await engineRun('cpu-bench');
const speedup = sequentialMs / parallelMs;
const rawMs = await rawRun(false);
// Warm: one executor for two runs; the first starts the threads, the second is timed.
const executor = createExecutor();
await engineRun('cpu-bench-warm-up', executor);
const warmMs = await engineRun('cpu-bench-warm', executor);
await executor.close();
const rawWarmMs = await rawRun(true);
const eff = (ms) => sequentialMs / ms / cores;
process.stdout.write(
  `${JSON.stringify({ cores, units: UNITS, unitMs: sequentialMs / UNITS, sequentialMs, parallelMs, speedup, efficiency: speedup / cores, rawMs, rawEfficiency: eff(rawMs), warmMs, warmEfficiency: eff(warmMs), rawWarmMs, rawWarmEfficiency: eff(rawWarmMs) })}\n`,
);
process.exit(0);
