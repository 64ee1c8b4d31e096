/**
 * `tpe report [run]`: the seed's session summary of a run (finished, stopped,
 * crashed, or live: as of now) from the workspace's run store, in markdown,
 * json, csv (one row per ticket) or html (one self-contained file with the
 * Gantt chart of the actual schedule).
 */
import { resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { buildReport } from '../../runtime/report/buildReport.js';
import { parseReportFormat, renderReport, reportFormatForFile } from '../../runtime/report/renderReport.js';
import type { ReportFormat } from '../../runtime/report/reportTypes.js';
import { writeReport } from '../../runtime/report/writeReport.js';
import type { CliIO } from '../io.js';
import { readReportInput } from '../readRecordedRun.js';

export interface ReportCliOptions {
  /** `markdown`, `json`, `csv` or `html`. @default the output file's extension, else markdown */
  format?: string;
  /** Same as `--format json`. */
  json?: boolean;
  /** Where to write (default stdout; html: `<run id>-report.html` in the cwd). */
  output?: string;
  /** Where `.tpe/` lives. @default '.' */
  workspace?: string;
  /** false (`--no-what-if`): no simulations behind the recommendations (faster on large runs). */
  whatIf?: boolean;
}

/** Exit 0, or 2 for bad input (an unknown run or format: a UsageError). */
export async function reportCommand(runArg: string | undefined, opts: ReportCliOptions, io: CliIO): Promise<number> {
  const format = formatOf(opts);
  const input = await readReportInput(runArg, opts.workspace, io.cwd);
  const report = await buildReport(input, { whatIf: opts.whatIf !== false });
  // An HTML page is for a browser, not a terminal: without -o it goes to a file too (`-o -`: stdout).
  const output = opts.output ?? (format === 'html' ? `${report.run.id}-report.html` : undefined);
  if (output === undefined || output === '-') {
    io.stdout.write(renderReport(report, format));
    return 0;
  }
  const { file } = writeReport(report, resolve(io.cwd, output), format);
  io.stdout.write(`${file}\n`);
  return 0;
}

/** `--json`, else `--format`, else the output file's extension, else markdown. */
function formatOf(opts: ReportCliOptions): ReportFormat {
  const asked = opts.format === undefined ? undefined : parseReportFormat(opts.format);
  if (opts.json) {
    if (asked !== undefined && asked !== 'json') throw new UsageError(`--json and --format ${opts.format}: choose one`);
    return 'json';
  }
  return asked ?? (opts.output === undefined ? undefined : reportFormatForFile(opts.output)) ?? 'markdown';
}
