// Shell tickets: 2,000 tickets running `true` on the seeded DAG with 8
// agents, against GNU make -j8 on a generated Makefile of the same DAG.
// Usage: node bench/shell.mjs [tickets] [base directory, default the OS temp dir] [keep]
// (`keep` leaves the run's files for the caller to delete: see below).
// Prints { tickets, base, makeMs, engineMs, throughputVsMake, durableMs, durableVsMake,
// createUs }: the engine alone, a durable run (run store, exit-file wrapper around every
// command: what `tpe run` does by default), and what creating one file costs in `base`
// (tpe writes a log file per attempt, make writes none; on an ext4 without a journal a
// create scans past inodes freed in the last minutes, so the figure depends on what was
// deleted there lately: the bench's own earlier runs, a test suite. npm run bench therefore
// deletes the files of all repetitions only after the last one).
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compilePlan, createEngine, startDurableRun } from '../dist/index.js';
import { randomDag } from './dag.mjs';

const n = Number(process.argv[2] ?? 2000);
const base = process.argv[3] ?? tmpdir();
const keep = process.argv[4] === 'keep';
const deps = randomDag(n);
const dir = mkdtempSync(join(base, 'tpe-bench-shell-'));
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
  // A log file's life as tpe begins it: create, write a header, close.
  const probe = join(dir, 'create-probe');
  mkdirSync(probe);
  const c0 = performance.now();
  for (let i = 0; i < 500; i++) {
    const fd = openSync(join(probe, `t${i}.1.log`), 'w', 0o600);
    writeSync(fd, `# t${i} attempt 1\n`);
    closeSync(fd);
  }
  const createUs = ((performance.now() - c0) * 1000) / 500;
  process.stdout.write(
    `${JSON.stringify({ tickets: n, base, makeMs, engineMs, throughputVsMake: makeMs / engineMs, durableMs, durableVsMake: makeMs / durableMs, createUs })}\n`,
  );
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
