// Runs one contender once in this process and prints { ms, rssPeakMb }.
// usage: node bench/one.mjs <contender> <tickets> [--compile]
import { compileNoop, contenders } from './noopContenders.mjs';
import { randomDag } from './dag.mjs';
import { startHelperProcess, startInspectorSink } from './helperProcess.mjs';

const [name, nArg] = process.argv.slice(2);
const n = Number(nArg);
const deps = randomDag(n);
// Untimed preparation: the engine's plan is compiled before the clock starts.
const prepared = name.startsWith('engine') ? compileNoop(deps) : undefined;
// Untimed too: the inspector the run reports to, in its own process.
const context = {};
const sink = name === 'engineInspect' ? await startInspectorSink() : name === 'engineDashboard' ? startHelperProcess('dashboardClient.mjs') : undefined;
if (name === 'engineInspect') context.inspectUrl = sink.url;
if (name === 'engineDashboard') context.browser = sink;
let peak = process.memoryUsage().rss;
const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
globalThis.gc?.();
const t0 = performance.now();
if (name === 'compile') compileNoop(deps);
else await contenders[name](deps, prepared, context);
const ms = performance.now() - t0;
const received = sink ? await sink.stop() : undefined;
clearInterval(sampler);
peak = Math.max(peak, process.memoryUsage().rss);
process.stdout.write(`${JSON.stringify({ name, n, ms, rssPeakMb: peak / 2 ** 20, ...(received ?? {}), ...(context.drainMs !== undefined ? { drainMs: context.drainMs } : {}) })}\n`);
