// Shell tickets: 2,000 tickets running `true` on the seeded DAG with 8
// agents, against GNU make -j8 on a generated Makefile of the same DAG.
// Prints { tickets, makeMs, engineMs, throughputVsMake, durableMs, durableVsMake }: the
// engine alone, and a durable run (run store, exit-file wrapper around every command: what
// `tpe run` does by default).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlan, createEngine, startDurableRun } from '../dist/index.js';
import { randomDag } from './dag.mjs';

const n = Number(process.argv[2] ?? 2000);
const deps = randomDag(n);
const dir = mkdtempSync(join(tmpdir(), 'tpe-bench-shell-'));
try {
  // make: every ticket a phony target whose recipe is `true`.
  const lines = ['.PHONY: all ' + deps.map((_, i) => `t${i}`).join(' '), `all: ${deps.map((_, i) => `t${i}`).join(' ')}`];
  for (let i = 0; i < n; i++) lines.push(`t${i}: ${deps[i].map((d) => `t${d}`).join(' ')}`, '\t@true');
  writeFileSync(join(dir, 'Makefile'), `${lines.join('\n')}\n`);
  const m0 = performance.now();
  execFileSync('make', ['-s', '-j8', '-f', join(dir, 'Makefile'), 'all'], { cwd: dir, stdio: 'ignore' });
  const makeMs = performance.now() - m0;

  const loaded = compilePlan(
    {
      name: 'shell-bench',
      agents: { shell: { count: 8, executor: 'process' } },
      tickets: deps.map((d, i) => ({ id: `t${i}`, run: ['true'], depends_on: d.map((x) => `t${x}`) })),
    },
    { file: join(dir, 'plan.yaml'), baseDir: dir },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  const e0 = performance.now();
  const engine = createEngine(loaded.value, { workspace: dir });
  const result = await engine.start();
  const engineMs = performance.now() - e0;
  if (result.status !== 'completed') throw new Error(`shell run ${result.status}`);

  const d0 = performance.now();
  const durable = await startDurableRun(loaded.value, { workspace: join(dir, 'durable'), registry: false });
  const durableResult = await durable.start();
  durable.store.close();
  const durableMs = performance.now() - d0;
  if (durableResult.status !== 'completed') throw new Error(`durable shell run ${durableResult.status}`);
  process.stdout.write(
    `${JSON.stringify({ tickets: n, makeMs, engineMs, throughputVsMake: makeMs / engineMs, durableMs, durableVsMake: makeMs / durableMs })}\n`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
