// Schedule quality: how close the engine's schedule comes to the best possible
// one, beside FIFO ready order (what make and p-graph do), on seeded random
// DAGs. Run on the built package: `npm run build`, then
//
//   node bench/quality.mjs [--dags 100] [--tickets 200] [--agents 4,8] [--per-dag]
//                          [--seed 1] [--window 50] [--max-deps 3] [--sigma 1]   (other shapes: exploring)
//
// It prints a readable summary on stderr and one line of JSON on stdout (the
// last line, like bench/one.mjs), and exports `measureQuality` for bench/run.mjs.
//
// The DAGs (`qualityDag`): DAG k has seed QUALITY_SEED + k. Ticket i depends on
// 0–3 distinct tickets (uniform; fewer when i < 3) drawn uniformly from the
// window of the 50 tickets just before it. Durations are lognormal:
// exp(N(0, σ = 1)) minutes (median 1 min, mean 1.65 min, 5 %–95 % ≈ 12 s–5.2 min),
// rounded to whole ms; every ticket gets a one-week timeout, since the default
// hour is shorter than the tail (DAG 67 has a 61-minute ticket).
// The window gives both real parallelism and a real critical path: work ÷
// critical path (the average parallelism) is 8.5 on average (4.2–12.5), right
// at 8 agents, where ordering matters most. At 8 agents the critical path is
// the binding half of the bound on 36 of the 100 DAGs, work ÷ agents on the
// others; at 4 agents work ÷ agents on all of them.
//
// Per DAG and agent count:
// - the engine's schedule is `simulatePlan` (the real engine on a virtual clock,
//   one function agent type of K slots, tickets carrying `estimate: '<ms>ms'`),
//   for the default strategy `balanced` and for `critical-path`;
// - FIFO is a list scheduler written here: whenever a slot is free it starts the
//   ticket that became ready first (ties by index), like make -j and p-graph;
// - the lower bound is max(critical path, total work ÷ agents): no schedule on K
//   agents can beat it. The engine's own `lowerBound` is checked against ours.
//   Beside it, the ratios against a tighter bound (`headTailBound`) tell the
//   policy's own loss from the simple bound's slack.
// Every engine schedule is checked (dependencies respected, at most K at once,
// each ticket runs its estimate), and compared with a reference critical-path-
// first list scheduler written here (`listSchedule` + `criticalPathKey`): they
// differ only where ties (equal remaining paths, equal end times) break
// differently.

import { pathToFileURL } from 'node:url';
import { mulberry32 } from './dag.mjs';

export const QUALITY_SEED = 1;
/** The DAG shape of the benchmark (see the header); other shapes are for exploring. */
export const SHAPE = { window: 50, maxDeps: 3, sigma: 1, medianMs: 60_000 };
/** The target, at 8 agents. */
export const TARGET = { agents: 8, mean: 1.01, worst: 1.15, fifoSlack: 0.01 };

/** A standard normal draw from two uniforms (Box–Muller). */
function gaussian(rand) {
  let u = 0;
  while (u === 0) u = rand();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

/**
 * The seeded random DAG of the quality benchmark (see the header).
 * @param {Partial<typeof SHAPE>} [shape] defaults to SHAPE
 * @returns {{ deps: number[][], durations: number[] }} deps[i] ⊂ [i − window, i), durations in ms
 */
export function qualityDag(n, seed, shape = SHAPE) {
  const { window: w, maxDeps, sigma, medianMs } = { ...SHAPE, ...shape };
  const rand = mulberry32(seed);
  const deps = [];
  const durations = [];
  for (let i = 0; i < n; i++) {
    const k = Math.min(i, Math.floor(rand() * (maxDeps + 1)));
    const window = Math.min(w, i);
    const d = [];
    while (d.length < k) {
      const x = i - 1 - Math.floor(rand() * window);
      if (!d.includes(x)) d.push(x);
    }
    deps.push(d.sort((a, b) => a - b));
    durations.push(Math.max(1, Math.round(medianMs * Math.exp(sigma * gaussian(rand)))));
  }
  return { deps, durations };
}

function dependentsOf(deps) {
  const dependents = deps.map(() => []);
  deps.forEach((d, i) => {
    for (const x of d) dependents[x].push(i);
  });
  return dependents;
}

/** Longest path from the start of each ticket to the end, the ticket included (deps point to earlier indices). */
export function remainingPaths(deps, durations) {
  const dependents = dependentsOf(deps);
  const remaining = new Float64Array(deps.length);
  for (let i = deps.length - 1; i >= 0; i--) {
    let longest = 0;
    for (const j of dependents[i]) if (remaining[j] > longest) longest = remaining[j];
    remaining[i] = durations[i] + longest;
  }
  return remaining;
}

/** max(critical path, total work ÷ agents), and which of the two binds. */
export function lowerBoundOf(deps, durations, agents) {
  let criticalPath = 0;
  for (const r of remainingPaths(deps, durations)) if (r > criticalPath) criticalPath = r;
  let work = 0;
  for (const d of durations) work += d;
  return { bound: Math.max(criticalPath, work / agents), criticalPath, work, binds: criticalPath >= work / agents ? 'path' : 'work' };
}

/**
 * A tighter lower bound, for reading the ratios: for any set S of tickets none
 * of which can start before `a` (its longest path from the roots) and each of
 * which leaves at least `b` of path after it, all of S's work must fit in
 * [a, makespan − b] on `agents` slots, so makespan ≥ a + work(S) ÷ agents + b.
 * The maximum over thresholds a (heads) and b (tails), and the critical path;
 * S = all tickets gives work ÷ agents, so it is never below `lowerBoundOf`.
 * It shows how much of a ratio is the simple bound's slack: a DAG with a long
 * serial head or tail cannot keep every agent busy, whatever the policy. O(n²).
 */
export function headTailBound(deps, durations, agents) {
  const n = deps.length;
  const remaining = remainingPaths(deps, durations);
  const head = new Float64Array(n);
  for (let i = 0; i < n; i++) for (const d of deps[i]) head[i] = Math.max(head[i], head[d] + durations[d]);
  const tail = Float64Array.from(remaining, (r, i) => r - durations[i]);
  const byTail = Array.from({ length: n }, (_, i) => i).sort((x, y) => tail[y] - tail[x]);
  let best = 0;
  for (const r of remaining) best = Math.max(best, r);
  for (const a of new Set(head)) {
    let work = 0;
    // Walking tails downwards, S = the tickets seen so far with head ≥ a: all of them have tail ≥ tail[i].
    for (const i of byTail) {
      if (head[i] < a) continue;
      work += durations[i];
      best = Math.max(best, a + work / agents + tail[i]);
    }
  }
  return best;
}

/** FIFO ready order: became ready first, then index. */
export const fifoKey = (i, readyAt) => [readyAt, i];

/** Critical path first (the engine's rank without priorities or soft deps): longest remaining path, then age, then index. */
export const criticalPathKey = (remaining) => (i, readyAt) => [-remaining[i], readyAt, i];

/**
 * A list scheduler on `agents` identical slots: at every instant, after all
 * tickets ending then have completed, free slots take the ready tickets with
 * the lowest `key(i, readyAt)` (compared lexicographically).
 * @returns {{ makespan: number, start: Float64Array }}
 */
export function listSchedule(deps, durations, agents, key) {
  const n = deps.length;
  const dependents = dependentsOf(deps);
  const pending = Int32Array.from(deps, (d) => d.length);
  const start = new Float64Array(n);
  let ready = [];
  for (let i = 0; i < n; i++) if (pending[i] === 0) ready.push({ i, key: key(i, 0) });
  const running = []; // { end, i }, kept sorted by end then index
  let now = 0;
  let done = 0;
  let makespan = 0;
  while (done < n) {
    if (running.length < agents && ready.length > 0) {
      ready.sort((a, b) => compareKeys(a.key, b.key));
      const take = ready.slice(0, agents - running.length);
      ready = ready.slice(take.length);
      for (const { i } of take) {
        start[i] = now;
        running.push({ end: now + durations[i], i });
      }
      running.sort((a, b) => a.end - b.end || a.i - b.i);
    }
    if (running.length === 0) throw new Error('listSchedule: nothing ready and nothing running (a cycle?)');
    now = running[0].end;
    while (running.length > 0 && running[0].end === now) {
      const { i } = running.shift();
      done++;
      makespan = now;
      for (const j of dependents[i]) if (--pending[j] === 0) ready.push({ i: j, key: key(j, now) });
    }
  }
  return { makespan, start };
}

function compareKeys(a, b) {
  for (let k = 0; k < a.length; k++) {
    const d = a[k] - b[k];
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Checks a schedule: every ticket started, after its dependencies ended, ran
 * its duration, and never more than `agents` at once.
 * @param {ArrayLike<number|undefined>} starts @param {ArrayLike<number|undefined>} ends
 * @returns {string[]} problems (empty when valid)
 */
export function checkSchedule(deps, durations, agents, starts, ends) {
  const problems = [];
  const points = [];
  for (let i = 0; i < deps.length; i++) {
    const s = starts[i];
    const e = ends[i];
    if (s === undefined || e === undefined || Number.isNaN(s) || Number.isNaN(e)) {
      problems.push(`ticket ${i} never ran`);
      continue;
    }
    if (e - s !== durations[i]) problems.push(`ticket ${i} ran ${e - s} ms, its estimate is ${durations[i]} ms`);
    for (const d of deps[i]) if ((ends[d] ?? Infinity) > s) problems.push(`ticket ${i} started at ${s} before its dependency ${d} ended at ${ends[d]}`);
    points.push([s, 1], [e, -1]);
  }
  // Ends before starts at the same instant: a slot freed at t may be taken at t.
  points.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let running = 0;
  for (const [at, delta] of points) {
    running += delta;
    if (running > agents) {
      problems.push(`${running} tickets running at ${at} on ${agents} agents`);
      break;
    }
  }
  return problems;
}

/** The DAG as a CompiledPlan through the public compiler: one `function` agent type, estimates in ms. */
function compileDag(compilePlan, deps, durations, agents) {
  const raw = {
    name: 'quality',
    // The default timeout (1 h) is shorter than the lognormal tail: a dry run would time the ticket out.
    defaults: { timeout: '7d' },
    agents: { a: { count: agents, executor: 'function' } },
    tickets: deps.map((d, i) => ({ id: `t${i}`, estimate: `${durations[i]}ms`, depends_on: d.map((x) => `t${x}`) })),
  };
  const loaded = compilePlan(raw, { file: '<bench/quality>', baseDir: '/tmp' });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Runs the benchmark.
 * @param {{ dags?: number, tickets?: number, agents?: number[], strategies?: string[], seed?: number, shape?: Partial<typeof SHAPE>, perDag?: boolean, log?: (line: string) => void }} [options]
 */
export async function measureQuality({
  dags = 100,
  tickets = 200,
  agents = [4, 8],
  strategies = ['balanced', 'critical-path'],
  seed = QUALITY_SEED,
  shape = SHAPE,
  perDag = false,
  log = () => {},
} = {}) {
  // Loaded here, not at the top: the DAGs and the list schedulers above are
  // used by the tests without a build.
  const { analyzePlan, compilePlan, lowerBound, simulatePlan } = await import('../dist/index.js');
  const t0 = performance.now();
  let simulations = 0;
  let simulationMs = 0;
  const rows = []; // one per DAG × agent count
  for (let k = 0; k < dags; k++) {
    const dagSeed = seed + k;
    const { deps, durations } = qualityDag(tickets, dagSeed, shape);
    const remaining = remainingPaths(deps, durations);
    for (const K of agents) {
      const lb = lowerBoundOf(deps, durations, K);
      const fifo = listSchedule(deps, durations, K, fifoKey).makespan;
      const reference = listSchedule(deps, durations, K, criticalPathKey(remaining)).makespan;
      const plan = compileDag(compilePlan, deps, durations, K);
      const engineBound = lowerBound(plan, analyzePlan(plan));
      if (Math.abs(engineBound - lb.bound) > 1e-6) throw new Error(`DAG ${dagSeed}, ${K} agents: engine lower bound ${engineBound} ≠ ${lb.bound}`);
      const tight = headTailBound(deps, durations, K);
      const row = { seed: dagSeed, agents: K, bound: lb.bound, binds: lb.binds, tightBound: tight, fifo, reference, engine: {} };
      for (const strategy of strategies) {
        const s0 = performance.now();
        const sim = await simulatePlan(plan, { strategy });
        simulationMs += performance.now() - s0;
        simulations++;
        if (sim.result.status !== 'completed') throw new Error(`DAG ${dagSeed}, ${K} agents, ${strategy}: run ${sim.result.status}`);
        const problems = checkSchedule(deps, durations, K, sim.tickets.map((t) => t.start), sim.tickets.map((t) => t.end));
        if (problems.length > 0) throw new Error(`DAG ${dagSeed}, ${K} agents, ${strategy}: invalid schedule: ${problems.slice(0, 3).join('; ')}`);
        if (sim.makespanMs < lb.bound) throw new Error(`DAG ${dagSeed}, ${K} agents, ${strategy}: makespan ${sim.makespanMs} below the lower bound ${lb.bound}`);
        row.engine[strategy] = sim.makespanMs;
      }
      rows.push(row);
    }
    if ((k + 1) % 10 === 0) log(`quality: ${k + 1}/${dags} DAGs`);
  }

  const byAgents = {};
  for (const K of agents) {
    const rs = rows.filter((r) => r.agents === K);
    const summary = (makespanOf) => {
      const ratios = rs.map((r) => makespanOf(r) / r.bound);
      const worst = ratios.indexOf(Math.max(...ratios));
      const tight = rs.map((r) => makespanOf(r) / r.tightBound);
      return {
        mean: round(mean(ratios)),
        worst: round(ratios[worst]),
        worstSeed: rs[worst].seed,
        // The same against the head–tail bound (`headTailBound`): what is left of the ratio once the simple bound's slack is taken out.
        tight: { mean: round(mean(tight)), worst: round(Math.max(...tight)) },
      };
    };
    const entry = {
      boundBinds: { path: rs.filter((r) => r.binds === 'path').length, work: rs.filter((r) => r.binds === 'work').length },
      // Head–tail bound ÷ simple bound: how loose max(critical path, work ÷ agents) is on these DAGs.
      boundSlack: { mean: round(mean(rs.map((r) => r.tightBound / r.bound))), worst: round(Math.max(...rs.map((r) => r.tightBound / r.bound))) },
      fifo: summary((r) => r.fifo),
      referenceCriticalPath: summary((r) => r.reference),
    };
    for (const strategy of strategies) {
      const vs = rs.map((r) => ({ seed: r.seed, ratio: r.engine[strategy] / r.fifo, engine: r.engine[strategy], fifo: r.fifo, bound: r.bound }));
      const worstVsFifo = vs.reduce((a, b) => (b.ratio > a.ratio ? b : a));
      entry[strategy] = {
        ...summary((r) => r.engine[strategy]),
        // Engine makespan ÷ FIFO makespan: how often, and by how much at worst, the engine loses to FIFO.
        worseThanFifoBy1pct: vs.filter((v) => v.ratio > 1 + TARGET.fifoSlack).length,
        worstVsFifo: { ...worstVsFifo, ratio: round(worstVsFifo.ratio) },
        betterThanFifo: vs.filter((v) => v.ratio < 1).length,
        sameAsReference: rs.filter((r) => r.engine[strategy] === r.reference).length,
      };
    }
    byAgents[K] = entry;
  }

  const target = byAgents[TARGET.agents]?.[strategies[0]];
  const result = {
    dags,
    tickets,
    seeds: [seed, seed + dags - 1],
    shape: { ...SHAPE, ...shape },
    agents: byAgents,
    target: target
      ? {
          ...TARGET,
          strategy: strategies[0],
          met: target.mean <= TARGET.mean && target.worst <= TARGET.worst && strategies.every((s) => agents.every((K) => byAgents[K][s].worseThanFifoBy1pct === 0)),
        }
      : undefined,
    simulations,
    simulationMsMean: round(simulationMs / Math.max(1, simulations), 1),
    ms: Math.round(performance.now() - t0),
  };
  if (perDag) result.perDag = rows;
  return result;
}

/** The summary as lines of text. */
export function formatQuality(r) {
  const lines = [`Schedule quality: ${r.dags} DAGs × ${r.tickets} tickets (seeds ${r.seeds[0]}–${r.seeds[1]}), makespan ÷ lower bound, mean / worst`];
  for (const [K, e] of Object.entries(r.agents)) {
    const f = (v) => `${v.mean.toFixed(3)} / ${v.worst.toFixed(3)} (seed ${String(v.worstSeed).padStart(3)}); ÷ head–tail bound ${v.tight.mean.toFixed(3)} / ${v.tight.worst.toFixed(3)}`;
    lines.push(
      `  ${K} agents (bound = path on ${e.boundBinds.path}, work on ${e.boundBinds.work}; head–tail bound ÷ bound ${e.boundSlack.mean.toFixed(3)} / ${e.boundSlack.worst.toFixed(3)}):`,
    );
    lines.push(`    FIFO ready order          ${f(e.fifo)}`);
    lines.push(`    reference CP-first        ${f(e.referenceCriticalPath)}`);
    for (const [s, v] of Object.entries(e)) {
      if (!v || v.worseThanFifoBy1pct === undefined) continue;
      lines.push(`    engine ${s.padEnd(18)} ${f(v)}`);
      lines.push(
        `      vs FIFO: > 1 % worse on ${v.worseThanFifoBy1pct} (worst × ${v.worstVsFifo.ratio.toFixed(3)}, seed ${v.worstVsFifo.seed}), better on ${v.betterThanFifo}; same makespan as the reference on ${v.sameAsReference}`,
      );
    }
  }
  if (r.target) lines.push(`  target at ${r.target.agents} agents (${r.target.strategy}): mean ≤ ${r.target.mean}, worst ≤ ${r.target.worst}, never > 1 % worse than FIFO: ${r.target.met ? 'met' : 'MISSED'}`);
  lines.push(`  ${r.simulations} engine simulations, ${r.simulationMsMean} ms each; ${(r.ms / 1000).toFixed(1)} s in all`);
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(`--${name}`);
    return i === -1 ? fallback : process.argv[i + 1];
  };
  const result = await measureQuality({
    dags: Number(arg('dags', 100)),
    tickets: Number(arg('tickets', 200)),
    agents: String(arg('agents', '4,8')).split(',').map(Number),
    seed: Number(arg('seed', QUALITY_SEED)),
    shape: { window: Number(arg('window', SHAPE.window)), maxDeps: Number(arg('max-deps', SHAPE.maxDeps)), sigma: Number(arg('sigma', SHAPE.sigma)) },
    perDag: process.argv.includes('--per-dag'),
    log: (line) => process.stderr.write(`${line}\n`),
  });
  for (const line of formatQuality(result)) process.stderr.write(`${line}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}
