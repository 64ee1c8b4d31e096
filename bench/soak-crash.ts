// `npm run soak:crash -- 100`: the crash test of `npm test`, as many times as asked.
// Each iteration kills `tpe run` with SIGKILL at a random moment, resumes it,
// and checks that every ticket completed exactly once, in dependency order,
// with no process of the run left behind.
import { crashAndResume } from '../test/integration/crash/crashHarness.js';

const iterations = Number(process.argv[2] ?? 100);
const first = Number(process.argv[3] ?? 1000);
let failed = 0;
let resumed = 0;
for (let seed = first; seed < first + iterations; seed++) {
  const o = await crashAndResume(seed);
  if (o.path === 'resumed') resumed++;
  if (o.errors.length > 0) {
    failed++;
    console.log(`seed ${seed} (killed after ${o.killedAfterMs} ms, ${o.path}): ${o.errors.join('; ')}`);
  } else {
    process.stdout.write('.');
  }
}
console.log(`\n${iterations} iterations: ${iterations - failed} passed, ${failed} failed; ${resumed} resumed mid-run`);
process.exitCode = failed > 0 ? 1 : 0;
