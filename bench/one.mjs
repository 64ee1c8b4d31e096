// Runs one contender once in this process and prints { ms, rssPeakMb }.
// usage: node bench/one.mjs <contender> <tickets> [--compile]
import { compileNoop, contenders } from './noopContenders.mjs';
import { randomDag } from './dag.mjs';

const [name, nArg] = process.argv.slice(2);
const n = Number(nArg);
const deps = randomDag(n);
// Untimed preparation: the engine's plan is compiled before the clock starts.
const prepared = name.startsWith('engine') ? compileNoop(deps) : undefined;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
globalThis.gc?.();
const t0 = performance.now();
if (name === 'compile') compileNoop(deps);
else await contenders[name](deps, prepared);
const ms = performance.now() - t0;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ name, n, ms, rssPeakMb: peak / 2 ** 20 })}\n`);
