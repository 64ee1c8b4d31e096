import { isAbsolute, relative } from 'node:path';
import type { PlanProblem } from './types.js';

/** Options for {@link formatProblem}. */
export interface FormatProblemOptions {
  /**
   * Show files relative to this directory when they are inside it
   * (`plan.yaml:14:7` instead of `/home/me/project/plan.yaml:14:7`).
   * @default undefined: files as recorded in the problem
   */
  cwd?: string;
}

/**
 * One line per problem, pointing at the culprit:
 * `plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99" (known: SYS-01, SYS-02, …)`,
 * `plan.yaml:5:12 agents.shell.count: invalid value: expected a positive integer, found -1`,
 * `plan.yaml:9:5 tickets[0].depends-on: unknown field (did you mean "depends_on"?)`.
 */
export function formatProblem(problem: PlanProblem, options: FormatProblemOptions = {}): string {
  let text = `${displayFile(problem.file, options.cwd)}:${problem.line}:${problem.col} `;
  if (problem.path !== '') text += `${problem.path}: `;
  text += problem.message;
  if (problem.expected !== undefined) text += `: expected ${problem.expected}`;
  if (problem.found !== undefined) text += problem.expected === undefined ? `: found ${problem.found}` : `, found ${problem.found}`;
  if (problem.suggestion !== undefined) text += ` (did you mean "${problem.suggestion}"?)`;
  return escapeControls(text);
}

/**
 * Ids, keys and values quoted from the input may hold newlines or terminal
 * escapes (`id: "a\nb"`): shown escaped, so that a problem stays one line and
 * input cannot redraw the terminal.
 */
function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function displayFile(file: string, cwd: string | undefined): string {
  if (cwd === undefined || !isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
