import { fileURLToPath } from 'node:url';
import { formatProblem, type Loaded } from '../../../src/plan/index.js';

/** Absolute path of a fixture under test/fixtures/plans. */
export const fixture = (...parts: string[]): string => fileURLToPath(new URL(`../../fixtures/plans/${parts.join('/')}`, import.meta.url));

/** Problems as the CLI prints them, with files relative to `cwd`. */
export function rendered(result: Loaded<unknown>, cwd: string): string[] {
  return (result.ok ? [] : result.problems).map((problem) => formatProblem(problem, { cwd }));
}

/** Warnings as printed, with files relative to `cwd`. */
export function renderedWarnings(result: Loaded<unknown>, cwd: string): string[] {
  return (result.ok ? result.warnings : []).map((problem) => formatProblem(problem, { cwd }));
}

/** The value of a successful load; fails the test with every problem otherwise. */
export function valueOf<T>(result: Loaded<T>): T {
  if (!result.ok) throw new Error(`expected a value, got problems:\n${result.problems.map((p) => formatProblem(p)).join('\n')}`);
  return result.value;
}
