import { formatPath, type Path } from './formatPath.js';
import type { SourceDoc } from './SourceDoc.js';
import type { Loaded, PlanProblem, PlanProblemCode } from './types.js';

/** The optional parts of a problem, and whether it points at a key rather than a value. */
export interface ProblemDetails {
  expected?: string;
  found?: string;
  suggestion?: string;
  /** Locate the key of the last path segment (unknown fields) instead of its value. */
  key?: boolean;
}

/**
 * Collects every error and warning found while reading input, so that one
 * run reports all of them instead of stopping at the first.
 */
export class ProblemList {
  readonly errors: PlanProblem[] = [];
  readonly warnings: PlanProblem[] = [];

  error(code: PlanProblemCode, doc: SourceDoc, path: Path, message: string, details: ProblemDetails = {}): void {
    this.errors.push(makeProblem(code, doc, path, message, details));
  }

  warn(code: PlanProblemCode, doc: SourceDoc, path: Path, message: string, details: ProblemDetails = {}): void {
    this.warnings.push(makeProblem(code, doc, path, message, details));
  }

  get hasErrors(): boolean {
    return this.errors.length > 0;
  }

  /** The value when no error was found, else every error; both sorted by file and position. */
  result<T>(value: T | undefined): Loaded<T> {
    if (this.hasErrors || value === undefined) return { ok: false, problems: sortProblems(this.errors) };
    return { ok: true, value, warnings: sortProblems(this.warnings) };
  }
}

function makeProblem(code: PlanProblemCode, doc: SourceDoc, path: Path, message: string, details: ProblemDetails): PlanProblem {
  const { line, col } = doc.locate(path, details.key);
  const problem: PlanProblem = { code, file: doc.file, line, col, path: formatPath(path), message };
  if (details.expected !== undefined) problem.expected = details.expected;
  if (details.found !== undefined) problem.found = details.found;
  if (details.suggestion !== undefined) problem.suggestion = details.suggestion;
  return problem;
}

/** Stable sort by file, line, column: problems read top to bottom, file by file. */
export function sortProblems(problems: readonly PlanProblem[]): PlanProblem[] {
  return [...problems].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.col - b.col));
}
