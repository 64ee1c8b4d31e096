/**
 * A run of the workspace as the store recorded it, for the commands that
 * analyse one (`diagnose`, `report`): the run named (or its end), or the
 * latest; a live run as of now.
 */
import { resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { RecordedRun } from '../runtime/diagnose/diagnosisTypes.js';
import { reportInputFromStore } from '../runtime/report/reportInputFromStore.js';
import type { ReportInput } from '../runtime/report/reportTypes.js';
import { recordedRunFromStore } from '../runtime/store/recordedRunFromStore.js';
import { findRun, type FoundRun } from './findRun.js';

export interface ReadRunOptions {
  /** The message when `runArg` names no run of the workspace (default: findRun's). */
  unknownRun?: (runArg: string, workspace: string) => string;
  /** The moment a live run is read as of. @default Date.now() */
  now?: number;
}

async function withRun<T>(runArg: string | undefined, workspace: string | undefined, cwd: string, options: ReadRunOptions, read: (found: FoundRun, now: number) => T): Promise<T> {
  let found: FoundRun;
  try {
    found = await findRun(runArg, workspace, cwd);
  } catch (err) {
    if (runArg !== undefined && options.unknownRun && err instanceof UsageError) throw new UsageError(options.unknownRun(runArg, resolve(cwd, workspace ?? '.')));
    throw err;
  }
  try {
    return read(found, options.now ?? Date.now());
  } finally {
    found.store.close();
  }
}

/**
 * A run as the store has it (see `recordedRunFromStore`: a live run as of
 * now, a crashed one up to its last journaled transition).
 */
export function readRecordedRun(runArg: string | undefined, workspace: string | undefined, cwd: string, options: ReadRunOptions = {}): Promise<RecordedRun> {
  return withRun(runArg, workspace, cwd, options, (found, now) => recordedRunFromStore(found.store, found.run, { live: found.live, now }));
}

/** The recorded run with what the report needs beyond it (plan file, each ticket's error and log file). */
export function readReportInput(runArg: string | undefined, workspace: string | undefined, cwd: string, options: ReadRunOptions = {}): Promise<ReportInput> {
  return withRun(runArg, workspace, cwd, options, (found, now) => reportInputFromStore(found.store, found.run, { live: found.live, now }));
}
