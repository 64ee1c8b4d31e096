/**
 * `tpe check <plan|ticket-folder>`: validates without running anything.
 * Every problem is listed with its location; exit 0 when there is none, 2 otherwise.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzePlan, formatDuration, formatProblem, loadPlan, loadTicketFolder } from '../../plan/index.js';
import type { PlanProblem } from '../../plan/types.js';
import type { CliIO } from '../io.js';
import { printProblems } from '../printProblems.js';
import { styleFor } from '../render/style.js';

export async function checkCommand(target: string, opts: { json?: boolean }, io: CliIO): Promise<number> {
  const path = resolve(io.cwd, target);
  const style = styleFor(io.stderr, io.env);
  const isDir = (() => {
    try {
      return statSync(path).isDirectory();
    } catch {
      return false;
    }
  })();
  if (isDir) {
    const loaded = await loadTicketFolder(path);
    return report(loaded.ok ? [] : loaded.problems, loaded.ok ? loaded.warnings : [], () =>
      loaded.ok ? `${loaded.value.length} tickets in ${target}: no problems found.` : '',
    );
  }
  const loaded = await loadPlan(path, { baseDir: io.cwd });
  return report(loaded.ok ? [] : loaded.problems, loaded.ok ? loaded.warnings : [], () => {
    if (!loaded.ok) return '';
    const plan = loaded.value;
    const a = analyzePlan(plan);
    return [
      `${plan.name}: ${plan.tickets.length} tickets, ${plan.agents.length} agent types, ${Object.keys(plan.resources).length} resources: no problems found.`,
      `  ${a.groups.length} groups, ${a.conflicts.length} conflicts, critical path ${a.criticalPath.tickets.length} tickets (${formatDuration(a.criticalPath.totalMs)}), total work ${formatDuration(a.totalWorkMs)}`,
    ].join('\n');
  });

  function report(problems: readonly PlanProblem[], warnings: readonly PlanProblem[], summary: () => string): number {
    if (opts.json) {
      const located = (p: PlanProblem) => ({ ...p, text: formatProblem(p, { cwd: io.cwd }) });
      io.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems: problems.map(located), warnings: warnings.map(located) }, null, 2)}\n`);
      return problems.length === 0 ? 0 : 2;
    }
    if (warnings.length > 0) printProblems(io.stderr, warnings, style, { kind: 'warning', cwd: io.cwd });
    if (problems.length > 0) {
      for (const p of problems) io.stderr.write(`${style.red('error')} ${formatProblem(p, { cwd: io.cwd })}\n`);
      io.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found.\n`);
      return 2;
    }
    io.stdout.write(`${summary()}\n`);
    return 0;
  }
}
