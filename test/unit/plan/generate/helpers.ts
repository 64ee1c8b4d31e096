import { fileURLToPath } from 'node:url';
import { planCommand, type PlanCliOptions } from '../../../../src/cli/commands/planCommand.js';
import type { CliIO } from '../../../../src/cli/io.js';

/** Absolute path under test/fixtures/generate. */
export const fixture = (...parts: string[]): string => fileURLToPath(new URL(`../../../fixtures/generate/${parts.join('/')}`, import.meta.url));

/** 2025-08-18T10:00:00Z: the golden files' `generated`. */
export const EPOCH = '1755511200';

/** `tpe plan` in-process, in `cwd`, with SOURCE_DATE_EPOCH set unless `env` says otherwise. */
export async function plan(cwd: string, target: string | undefined, opts: PlanCliOptions = {}, env: Record<string, string | undefined> = { SOURCE_DATE_EPOCH: EPOCH }) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: { NO_COLOR: '1', ...env },
    cwd,
    onSignal: () => () => {},
  };
  const code = await planCommand(target, opts, io);
  return { code, stdout, stderr };
}
