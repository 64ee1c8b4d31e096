/**
 * Writing a run report to a file: from a report already built
 * (`writeReport`), or straight from the workspace's run store
 * (`writeRunReport`, what `tpe run --report <file>` calls at the end of a run).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { isLive } from '../control/sendControl.js';
import { RunStore, storePath } from '../store/RunStore.js';
import { buildReport, type BuildReportOptions } from './buildReport.js';
import { renderReport, reportFormatFor } from './renderReport.js';
import { reportInputFromStore } from './reportInputFromStore.js';
import type { ReportFormat, RunReport } from './reportTypes.js';

/**
 * Writes `report` to `file` (its directory made if needed); the format from
 * `format`, else the file's extension.
 *
 * @throws UsageError when the format is unknown or the file cannot be written (a directory, no permission)
 */
export function writeReport(report: RunReport, file: string, format?: ReportFormat): { file: string; format: ReportFormat } {
  const chosen = reportFormatFor(file, format);
  const path = resolve(file);
  const text = renderReport(report, chosen);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  } catch (err) {
    // A path the user gave: say which and why, not a stack trace.
    throw new UsageError(`cannot write the report to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return { file: path, format: chosen };
}

export interface WriteRunReportOptions extends BuildReportOptions {
  /** Where `.tpe/` lives. */
  workspace: string;
  runId: string;
  /** Where to write (relative to the process's cwd). */
  file: string;
  /** @default from the file's extension (.md, .json, .csv, .html) */
  format?: ReportFormat;
  /** The report's "now" (a live run is reported as of it). @default Date.now() */
  now?: number;
}

/**
 * Builds the report of a recorded run from the workspace's store and writes
 * it. For `tpe run --report <file>`: call it once the run has ended (after
 * `engine.start()` resolved, the store's status and journal are final); the
 * format comes from the file's extension, so check it before the run with
 * `reportFormatFor(file)` to fail early (it throws a UsageError).
 *
 * @throws UsageError when the workspace has no store or no such run, or the format is unknown
 * @example
 * reportFormatFor(opts.report);                       // before the run: exit 2 on `--report out.txt`
 * const result = await start();
 * await writeRunReport({ workspace, runId: engine.runId, file: resolve(io.cwd, opts.report) });
 */
export async function writeRunReport(options: WriteRunReportOptions): Promise<{ file: string; format: ReportFormat; report: RunReport }> {
  const format = reportFormatFor(options.file, options.format);
  const workspace = resolve(options.workspace);
  if (!existsSync(storePath(workspace))) throw new UsageError(`no run store in ${workspace} (.tpe/tpe.db): a run made with --no-store has nothing to report`);
  const store = RunStore.open(workspace);
  let report: RunReport;
  try {
    const record = store.getRun(options.runId);
    if (!record) throw new UsageError(`no run "${options.runId}" in ${workspace}`);
    const ended = record.status === 'completed' || record.status === 'failed' || record.status === 'stopped';
    const live = !ended && record.socket !== undefined && (await isLive(record.socket));
    const input = reportInputFromStore(store, record, { live, now: options.now ?? Date.now() });
    report = await buildReport(input, options);
  } finally {
    store.close();
  }
  return { ...writeReport(report, options.file, format), report };
}
