import { formatProblem } from '../plan/index.js';
import type { PlanProblem } from '../plan/types.js';
import type { OutStream } from './io.js';
import type { Style } from './render/style.js';

/** One located line per problem, then a count. */
export function printProblems(
  out: OutStream,
  problems: readonly PlanProblem[],
  style: Style,
  options: { kind?: 'error' | 'warning'; cwd?: string } = {},
): void {
  const kind = options.kind ?? 'error';
  const label = kind === 'error' ? style.red('error') : style.yellow('warning');
  for (const p of problems) out.write(`${label} ${formatProblem(p, options.cwd ? { cwd: options.cwd } : {})}\n`);
  if (kind === 'error') out.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was run.\n`);
}
