// Resume time of a 10,000-ticket run: a durable run is stopped half way, then
// resumed from the store in this process. "prepare" is everything before the
// first dispatch (journal fold, orphan scan, exit files, engine restore);
// "finish" is running the other half. Prints JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDurableRun } from '../dist/runtime/durable/startDurableRun.js';
import { resumeDurableRun } from '../dist/runtime/durable/resumeDurableRun.js';
import { RunStore } from '../dist/runtime/store/RunStore.js';
import { compileNoop } from './noopContenders.mjs';
import { randomDag } from './dag.mjs';

const n = Number(process.argv[2] ?? 10_000);
const workspace = mkdtempSync(join(tmpdir(), 'tpe-bench-resume-'));
const plan = compileNoop(randomDag(n));
const functions = { noop: () => undefined };
const run = await startDurableRun(plan, { functions, workspace, registry: false });
let completed = 0;
run.engine.on((e) => {
  if (e.type === 'ticket.transition' && e.to === 'completed' && ++completed === n / 2) void run.engine.stop({ force: true });
});
const first = await run.start();
run.store.close();

const t0 = performance.now();
const store = RunStore.open(workspace);
const resumed = await resumeDurableRun(store, run.engine.runId, workspace, { functions });
const prepareMs = performance.now() - t0;
const t1 = performance.now();
const result = await resumed.start();
const finishMs = performance.now() - t1;
store.close();
rmSync(workspace, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ n, stoppedAt: first.metrics.completed_tickets, prepareMs, finishMs, status: result.status, completed: result.metrics.completed_tickets })}\n`);
