// Runs one contender `reps` times in this process and prints every time:
// the first run pays for JIT warm-up, the later ones show the steady state.
// usage: node bench/warm.mjs <contender> <tickets> <reps>
import { compileNoop, contenders } from './noopContenders.mjs';
import { randomDag } from './dag.mjs';
import { startHelperProcess, startInspectorSink } from './helperProcess.mjs';

const [name, nArg, repsArg] = process.argv.slice(2);
const n = Number(nArg);
const deps = randomDag(n);
const times = [];
// One compiled plan for every repetition: compiling between runs would leave its garbage to the next timed run.
const prepared = name.startsWith('engine') ? compileNoop(deps) : undefined;
// The watchers' other side (an inspector, a page), started once, outside the clock.
const context = {};
const helper = name === 'engineInspect' ? await startInspectorSink() : name === 'engineDashboard' ? startHelperProcess('dashboardClient.mjs') : undefined;
if (name === 'engineInspect') context.inspectUrl = helper.url;
if (name === 'engineDashboard') context.browser = helper;
for (let r = 0; r < Number(repsArg ?? 6); r++) {
  globalThis.gc?.();
  const t0 = performance.now();
  await contenders[name](deps, prepared, context);
  times.push(performance.now() - t0);
}
if (helper) await helper.stop();
process.stdout.write(`${JSON.stringify({ name, n, times })}\n`);
