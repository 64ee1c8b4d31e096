// CPU tickets: 64 units of ~50 ms of pure computation through the `worker`
// executor (piscina threads, one agent per core) against the same units run
// one after another on one thread. Parallel efficiency = speedup ÷ cores.
// The machine's own ceiling is measured beside it: the same units split over
// plain worker threads, no engine (thread start-up and JIT warm-up included
// in both, hyperthreads and a shared machine affect both).
// Prints { cores, unitMs, sequentialMs, parallelMs, speedup, efficiency, rawEfficiency }.
import { cpus, tmpdir } from 'node:os';
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { compilePlan, createEngine } from '../dist/index.js';
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

const loaded = compilePlan(
  {
    name: 'cpu-bench',
    agents: { cpu: { count: cores, executor: 'worker', module: join(import.meta.dirname, 'agents', 'spin.mjs') } },
    tickets: Array.from({ length: UNITS }, (_, i) => ({ id: `C${i}`, agent: 'cpu', input: { iterations } })),
  },
  { file: '<bench>', baseDir: tmpdir() },
);
if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
// Thread start-up and module loading are inside the clock, as in any run.
const engine = createEngine(loaded.value, { workspace: join(tmpdir(), 'tpe-bench-cpu') });
const t1 = performance.now();
const result = await engine.start();
const parallelMs = performance.now() - t1;
if (result.status !== 'completed') throw new Error(`cpu run ${result.status}`);
const speedup = sequentialMs / parallelMs;

const t2 = performance.now();
await Promise.all(
  Array.from({ length: cores }, (_, k) => {
    const n = Math.floor(UNITS / cores) + (k < UNITS % cores ? 1 : 0);
    return new Promise((resolve, reject) => {
      const w = new Worker(join(import.meta.dirname, 'agents', 'spinThread.mjs'), { workerData: { n, iterations } });
      w.once('message', () => void w.terminate().then(resolve));
      w.once('error', reject);
    });
  }),
);
const rawMs = performance.now() - t2;
process.stdout.write(
  `${JSON.stringify({ cores, units: UNITS, unitMs: sequentialMs / UNITS, sequentialMs, parallelMs, speedup, efficiency: speedup / cores, rawMs, rawEfficiency: sequentialMs / rawMs / cores })}\n`,
);
process.exit(0);
