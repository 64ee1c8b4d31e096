/**
 * `tpe diagnose [plan|run]` (alias `diagnose-execution`): for a plan, what
 * will make it long (conflicts, critical path, bottlenecks, agent counts,
 * missing estimates); for a run, where its time went (waits and on what,
 * agent utilization, actual against estimated, the chain the end waited
 * for); both with recommendations backed by simulations.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { loadPlan } from '../../plan/index.js';
import { diagnosePlan, diagnoseRun, type Diagnosis, type DiagnosisSection } from '../../runtime/diagnose/index.js';
import type { CliIO } from '../io.js';
import { readRecordedRun } from '../readRecordedRun.js';
import { printProblems } from '../printProblems.js';
import { renderDiagnosis } from '../render/renderDiagnosis.js';
import { plain, styleFor } from '../render/style.js';

export interface DiagnoseCliOptions {
  /** Where `.tpe/` lives (for a run). @default '.' */
  workspace?: string;
  /** `table`, `json` or `markdown`. @default 'table' */
  format?: string;
  /** Same as `--format json`. */
  json?: boolean;
  /** Only the conflicts section (with `--analyze-bottlenecks`: both; neither: both). */
  checkConflicts?: boolean;
  /** Only the bottlenecks section (critical path or chain, waits, agents, estimates). */
  analyzeBottlenecks?: boolean;
  /** false (`--no-what-if`): no simulations, so no recommendations that need one (faster on large plans). */
  whatIf?: boolean;
  /** false (`--no-color`). */
  color?: boolean;
}

const FORMATS = ['table', 'json', 'markdown'] as const;

/**
 * `target` is a plan file or ticket folder (the plan is diagnosed), or a run
 * id (or its end), or nothing (the workspace's latest run). Exit 0, or 2
 * for bad input.
 */
export async function diagnoseCommand(target: string | undefined, opts: DiagnoseCliOptions, io: CliIO): Promise<number> {
  const format = opts.json ? 'json' : (opts.format ?? 'table');
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format ${format}: expected table, json or markdown`);
  const sections: DiagnosisSection[] = [];
  if (opts.checkConflicts) sections.push('conflicts');
  if (opts.analyzeBottlenecks) sections.push('bottlenecks');
  const options = { sections, whatIf: opts.whatIf !== false };

  let diagnosis: Diagnosis;
  const path = target === undefined ? undefined : resolve(io.cwd, target);
  if (path !== undefined && existsSync(path)) {
    const loaded = await loadPlan(path, { baseDir: io.cwd });
    if (!loaded.ok) {
      printProblems(io.stderr, loaded.problems, styleFor(io.stderr, io.env, opts.color === false), { cwd: io.cwd });
      return 2;
    }
    diagnosis = await diagnosePlan(loaded.value, options);
  } else {
    const unknownRun = (runArg: string, workspace: string) => `"${runArg}" is neither a plan file, a ticket folder nor a run of ${workspace} (see \`tpe runs\`)`;
    diagnosis = await diagnoseRun(await readRecordedRun(target, opts.workspace, io.cwd, { unknownRun }), options);
  }

  if (format === 'json') io.stdout.write(`${JSON.stringify(diagnosis, null, 2)}\n`);
  else {
    const style = format === 'table' ? styleFor(io.stdout, io.env, opts.color === false) : plain;
    io.stdout.write(`${renderDiagnosis(diagnosis, { format: format as 'table' | 'markdown', style })}\n`);
  }
  return 0;
}
