// `npm run soak:crash -- 100`: the crash test of `npm test`, as many times as asked.
// Each iteration kills `tpe run` with SIGKILL at a random moment, resumes it while a
// second `tpe resume` races the first (started up to 300 ms later, at random), and
// checks that every ticket completed exactly once, in dependency order, that exactly
// one resume ran the run, and that no process of the run was left behind.
// `npm run soak:crash -- 100 1000 5` also races five resumes at once, 100 times more.
import { crashAndResume } from '../test/integration/crash/crashHarness.js';
import { raceResumes } from '../test/integration/crash/raceHarness.js';

const iterations = Number(process.argv[2] ?? 100);
const first = Number(process.argv[3] ?? 1000);
const crowd = Number(process.argv[4] ?? 0);
let failed = 0;
let resumed = 0;
const racer: Record<string, number> = {};
for (let seed = first; seed < first + iterations; seed++) {
  const o = await crashAndResume(seed, 200, { racerWithinMs: 300 });
  if (o.path === 'resumed') resumed++;
  if (o.racer) racer[o.racer] = (racer[o.racer] ?? 0) + 1;
  if (o.errors.length > 0) {
    failed++;
    console.log(`seed ${seed} (killed after ${o.killedAfterMs} ms, ${o.path}): ${o.errors.join('; ')}`);
  } else {
    process.stdout.write('.');
  }
}
const racers = Object.entries(racer).map(([k, v]) => `${v} ${k}`).join(', ');
console.log(`\n${iterations} iterations: ${iterations - failed} passed, ${failed} failed; ${resumed} resumed mid-run; the racing resume: ${racers || 'none'}`);
if (crowd > 1) {
  let crowdFailed = 0;
  let refused = 0;
  for (let seed = first; seed < first + iterations; seed++) {
    const o = await raceResumes({ seed, resumers: crowd });
    refused += o.refused;
    if (o.errors.length > 0) {
      crowdFailed++;
      console.log(`crowd seed ${seed}: ${o.errors.join('; ')}`);
    } else process.stdout.write('.');
  }
  console.log(`\n${iterations} races of ${crowd} resumes at once: ${iterations - crowdFailed} passed, ${crowdFailed} failed; ${refused} resumes refused`);
  failed += crowdFailed;
}
process.exitCode = failed > 0 ? 1 : 0;
