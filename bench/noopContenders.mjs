// No-op contenders: each builds its own structures from the same DAG and runs
// every ticket with concurrency 8. Run one per fresh process (see run.mjs) so
// that peak RSS belongs to one contender.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlan, createEngine } from '../dist/index.js';
import { startDurableRun } from '../dist/runtime/durable/startDurableRun.js';
import { connectInspector } from '../dist/runtime/inspect/connectInspector.js';
import { engineDashboardSource } from '../dist/runtime/web/engineDashboardSource.js';
import { startDashboardServer } from '../dist/runtime/web/startDashboardServer.js';

const require = createRequire(import.meta.url);
const SLOTS = 8;

export const contenders = {
  /** p-graph 2.0: the anchor (what lage and others use). */
  async pgraph(deps) {
    const { PGraph } = require('p-graph');
    const nodes = {};
    const edges = [];
    for (let i = 0; i < deps.length; i++) {
      nodes[`t${i}`] = { run: () => Promise.resolve() };
      for (const d of deps[i]) edges.push([`t${d}`, `t${i}`]);
    }
    await new PGraph(nodes, edges).run({ concurrency: SLOTS });
  },

  /** A minimal hand-written promise scheduler: Kahn's algorithm and a FIFO. The floor. */
  async minimal(deps) {
    const n = deps.length;
    const pending = new Int32Array(n);
    const dependents = Array.from({ length: n }, () => []);
    for (let i = 0; i < n; i++) {
      pending[i] = deps[i].length;
      for (const d of deps[i]) dependents[d].push(i);
    }
    const ready = [];
    for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push(i);
    let head = 0;
    let running = 0;
    let done = 0;
    await new Promise((resolve) => {
      const pump = () => {
        while (running < SLOTS && head < ready.length) {
          const t = ready[head++];
          running++;
          Promise.resolve().then(() => {
            running--;
            done++;
            for (const x of dependents[t]) if (--pending[x] === 0) ready.push(x);
            if (done === n) resolve();
            else pump();
          });
        }
      };
      pump();
    });
  },

  /**
   * The real engine: createEngine (graph analysis included) and the run, with a
   * function agent of 8 slots through the default executor. The plan is
   * compiled beforehand (`compile` is timed on its own: p-graph validates nothing).
   */
  async engine(deps, plan = compileNoop(deps)) {
    const engine = createEngine(plan, { functions: { noop: () => undefined }, workspace: '/tmp/tpe-bench' });
    const result = await engine.start();
    if (result.status !== 'completed') throw new Error(`engine run ${result.status}`);
  },

  /**
   * The engine with `--inspect` attached: every actor's events go to a
   * WebSocket inspector in another process (bench/inspectorSink.mjs, started
   * before the clock), and the run ends once the inspector has them all.
   */
  async engineInspect(deps, plan = compileNoop(deps), context = {}) {
    if (!context.inspectUrl) throw new Error('engineInspect needs an inspector (bench/one.mjs starts one)');
    const engine = createEngine(plan, { functions: { noop: () => undefined }, workspace: '/tmp/tpe-bench' });
    const connection = await connectInspector(engine, context.inspectUrl, { onError: (m) => process.stderr.write(`${m}\n`) });
    const t0 = performance.now();
    const result = await engine.start();
    // The run is over here; what follows is the inspector reading the last frames.
    context.drainMs = performance.now() - t0;
    const { sent, dropped } = await connection.close(30_000);
    context.drainMs = performance.now() - t0 - context.drainMs;
    if (result.status !== 'completed') throw new Error(`engine run ${result.status}`);
    if (dropped > 0 || !(sent > 0)) throw new Error(`inspector got ${sent} frames, ${dropped} dropped`);
    context.frames = sent;
  },

  /**
   * The engine with the web dashboard attached and a page reading its event
   * stream from another process (bench/dashboardClient.mjs, started before
   * the clock): `tpe run --ui` with a browser open.
   */
  async engineDashboard(deps, plan = compileNoop(deps), context = {}) {
    if (!context.browser) throw new Error('engineDashboard needs a page (bench/one.mjs starts one)');
    const engine = createEngine(plan, { functions: { noop: () => undefined }, workspace: '/tmp/tpe-bench' });
    const server = await startDashboardServer(engineDashboardSource(engine));
    context.browser.send(server.url);
    if ((await context.browser.nextLine()) !== 'connected') throw new Error('the page did not connect');
    const result = await engine.start();
    await server.close();
    if (result.status !== 'completed') throw new Error(`engine run ${result.status}`);
  },

  /** The engine with the run store on (SQLite journal, control socket): what `tpe run` does by default. */
  async engineStore(deps, plan = compileNoop(deps)) {
    const workspace = mkdtempSync(join(tmpdir(), 'tpe-bench-store-'));
    try {
      const run = await startDurableRun(plan, { functions: { noop: () => undefined }, workspace, registry: false });
      const result = await run.start();
      run.store.close();
      if (result.status !== 'completed') throw new Error(`engine run ${result.status}`);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  },
};

/** Compiling is timed apart: p-graph has no validation step to compare it with. */
export function compileNoop(deps) {
  const raw = {
    name: 'bench',
    agents: { noop: { count: SLOTS, executor: 'function' } },
    tickets: deps.map((d, i) => ({ id: `t${i}`, depends_on: d.map((x) => `t${x}`) })),
  };
  const loaded = compilePlan(raw, { file: '<bench>', baseDir: '/tmp' });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}
