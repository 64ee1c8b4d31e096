// `npm run soak:faults -- 20`: the fault matrix of `npm test` (test/integration/faults), as
// many times in a row as asked, each in a fresh vitest run; prints a dot per clean pass and
// the failing run's output otherwise. Flakiness under load shows here, not in one CI run.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const iterations = Number(process.argv[2] ?? 10);
const root = join(import.meta.dirname, '..');
const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
let failed = 0;
for (let i = 1; i <= iterations; i++) {
  const run = spawnSync(process.execPath, [vitest, 'run', 'test/integration/faults', 'test/integration/executors'], { cwd: root, encoding: 'utf8' });
  if (run.status === 0) {
    process.stdout.write('.');
    continue;
  }
  failed++;
  console.log(`\nrun ${i} failed (exit ${run.status}):\n${run.stdout.split('\n').filter((line) => /FAIL|Error|expected/.test(line)).slice(0, 20).join('\n')}`);
}
console.log(`\n${iterations} runs of the fault matrix and executor tests: ${iterations - failed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
