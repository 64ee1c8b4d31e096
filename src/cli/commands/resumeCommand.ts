/**
 * `tpe resume [run]` (alias `resume-execution`): continues a paused run
 * through its socket, or restarts a stopped or crashed run from the store in
 * this process (orphaned processes killed first, completed work kept).
 */
import { RunCompletedError } from '../../errors.js';
import { loadPlan } from '../../plan/index.js';
import { resumeDurableRun } from '../../runtime/durable/resumeDurableRun.js';
import { ControlUnavailable, sendControl } from '../../runtime/control/sendControl.js';
import { diffPlans, isSafeToContinue, describePlanDiff } from '../../runtime/durable/diffPlans.js';
import type { CompiledPlan } from '../../plan/types.js';
import type { CliIO } from '../io.js';
import { effectiveStatus, findRun } from '../findRun.js';
import { printProblems } from '../printProblems.js';
import { styleFor } from '../render/style.js';
import { runInForeground } from '../foreground/runInForeground.js';
import { checkViewOptions } from '../foreground/attachViews.js';
import { storeHistory } from '../../runtime/web/storeHistory.js';
import { viewOptions } from './runCommand.js';
import { storeNotice } from '../storeNotice.js';

export interface ResumeCliOptions {
  workspace?: string;
  validateState?: boolean;
  json?: boolean;
  logLevel?: string;
  live?: boolean;
  quiet?: boolean;
  ui?: boolean;
  uiPort?: string;
  inspect?: string;
  report?: string;
}

export async function resumeCommand(runArg: string | undefined, opts: ResumeCliOptions, io: CliIO): Promise<number> {
  const style = styleFor(io.stderr, io.env);
  const views = viewOptions(opts);
  const found = await findRun(runArg, opts.workspace, io.cwd, storeNotice(io));
  const { store, workspace } = found;
  let { run, live } = found;
  try {
    if (live) {
      try {
        await sendControl(run.socket as string, { op: 'resume' });
        io.stderr.write(`run ${run.id} resumed (it runs in process ${run.pid})\n`);
        return 0;
      } catch (err) {
        if (!(err instanceof ControlUnavailable)) throw err;
        // Its engine ended between the two questions: go on from what the store says now.
        run = store.getRun(run.id) ?? run;
        live = false;
      }
    }
    const status = effectiveStatus(run, live);
    if (status === 'completed') {
      io.stderr.write(`run ${run.id} already completed: nothing to resume\n`);
      return 0;
    }
    let plan: CompiledPlan | undefined;
    if (opts.validateState) {
      const recorded = store.planOf(run.id) as CompiledPlan;
      const loaded = await loadPlan(run.planFile, { baseDir: recorded.baseDir });
      if (!loaded.ok) {
        io.stderr.write(`${run.planFile} no longer loads:\n`);
        printProblems(io.stderr, loaded.problems, style, { cwd: io.cwd });
        return 2;
      }
      const diff = diffPlans(recorded, loaded.value, store.lastStates(run.id, recorded.tickets.length));
      io.stderr.write(`${describePlanDiff(diff)}\n`);
      if (!isSafeToContinue(diff)) {
        io.stderr.write(
          `${style.red('not resumed')}: the changes above touch work already done or running. ` +
            `Start a new run (\`tpe run ${run.planFile}\`), or resume without --validate-state to continue with the plan as recorded.\n`,
        );
        return 2;
      }
      plan = loaded.value;
    }
    await checkViewOptions(views, true);
    let resumed;
    try {
      resumed = await resumeDurableRun(store, run.id, workspace, plan ? { plan } : {});
    } catch (err) {
      // Finished by its engine while this resume was getting ready (it raced one that ran it).
      if (!(err instanceof RunCompletedError)) throw err;
      io.stderr.write(`${err.message}\n`);
      return 0;
    }
    const r = resumed.report;
    const banner =
      `${style.bold('tpe')} resuming ${run.id} (${status}): ` +
      `${r.orphans.killed.length} orphaned process group(s) killed, ${r.adopted.length} finished attempt(s) adopted, ${r.requeued.length} attempt(s) to run again`;
    const runId = run.id;
    const durable = {
      workspace,
      audit: (op: string, detail: unknown) => store.event(runId, Date.now(), op, detail),
      // What the earlier sessions of the run did, for the dashboard's ticket history.
      history: storeHistory(store, runId, () => resumed.engine.plan, Date.now()),
    };
    return await runInForeground(resumed.engine, resumed.start, io, style, { banner, json: opts.json, logLevel: opts.logLevel, live: opts.live, quiet: opts.quiet, views, durable });
  } finally {
    store.close();
  }
}
