/**
 * `tpe run --dry-run`: the engine on a virtual clock with every ticket taking
 * its estimate; prints the predicted groups and makespan.
 */
import { formatDuration } from '../../plan/index.js';
import type { CompiledPlan } from '../../plan/types.js';
import { simulatePlan } from '../../runtime/simulatePlan.js';
import type { CliIO } from '../io.js';
import { renderTable } from '../render/renderTable.js';
import { styleFor } from '../render/style.js';

export async function dryRun(plan: CompiledPlan, opts: { json: boolean }, io: CliIO): Promise<number> {
  const sim = await simulatePlan(plan);
  const ratio = sim.lowerBoundMs > 0 ? sim.makespanMs / sim.lowerBoundMs : 1;
  if (opts.json) {
    io.stdout.write(
      `${JSON.stringify(
        {
          plan: plan.name,
          strategy: plan.strategy,
          agents: sim.agents,
          makespanMs: sim.makespanMs,
          lowerBoundMs: sim.lowerBoundMs,
          ratioToLowerBound: ratio,
          groups: sim.groups,
          tickets: sim.tickets,
        },
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  const style = styleFor(io.stdout, io.env);
  const out: string[] = [];
  out.push(`${style.bold('Dry run')} of ${plan.name} (${plan.strategy}, ${sim.agents} agents): nothing was executed.`);
  out.push('');
  out.push(
    renderTable(
      ['Group', 'Tickets', 'Starts', 'Ends', 'Duration'],
      sim.groups.map((g) => [
        String(g.id),
        g.tickets.length > 6 ? `${g.tickets.slice(0, 6).join(', ')} +${g.tickets.length - 6}` : g.tickets.join(', '),
        formatDuration(g.start),
        formatDuration(g.end),
        formatDuration(g.end - g.start),
      ]),
    ),
  );
  out.push('');
  out.push(`Predicted makespan   ${style.bold(formatDuration(sim.makespanMs))}`);
  out.push(`Lower bound          ${formatDuration(sim.lowerBoundMs)} (max of critical path and work ÷ agents)`);
  out.push(`Ratio to the bound   ${ratio.toFixed(3)}`);
  io.stdout.write(`${out.join('\n')}\n`);
  return 0;
}
