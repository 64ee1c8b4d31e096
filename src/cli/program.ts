/**
 * The command-line interface: parses flags and calls the library. Commands
 * return an exit code; only `main.ts` touches `process.exitCode`.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { BadInputError, TpeError, UsageError } from '../errors.js';
import { STRATEGIES, type Strategy } from '../plan/types.js';
import { checkCommand } from './commands/checkCommand.js';
import { runCommand, type RunOptions } from './commands/runCommand.js';
import { schemaCommand } from './commands/schemaCommand.js';
import { simulateCommand, type SimulateCliOptions } from './commands/simulateCommand.js';
import { VIZ_FORMATS, VIZ_HELP, VIZ_MACHINES, vizCommand, type VizCliOptions } from './commands/vizCommand.js';
import { planCommand, type PlanCliOptions } from './commands/planCommand.js';
import { diagnoseCommand, type DiagnoseCliOptions } from './commands/diagnoseCommand.js';
import { reportCommand, type ReportCliOptions } from './commands/reportCommand.js';
import { resumeCommand, type ResumeCliOptions } from './commands/resumeCommand.js';
import { adjustCommand, pauseCommand, stopCommand, type AdjustCliOptions } from './commands/controlCommands.js';
import { readSnapshot, runsCommand, statusCommand, type StatusCliOptions } from './commands/statusCommands.js';
import { monitorCommand, type MonitorOptions } from './commands/monitorCommand.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliIO } from './io.js';
import { printProblems } from './printProblems.js';
import { styleFor } from './render/style.js';

/** Seed command names installed as their own executables, and the arguments each stands for. */
export const COMMAND_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'execute-parallel-plan': ['run'],
  'generate-execution-plan': ['plan'],
  'analyze-dependencies': ['plan'],
  'diagnose-execution': ['diagnose'],
  'pause-execution': ['pause'],
  'resume-execution': ['resume'],
  'stop-execution': ['stop'],
  'emergency-stop': ['stop', '--force'],
  'adjust-execution': ['adjust'],
  'adjust-parallelism': ['adjust'],
  'show-agent-status': ['status'],
  'monitor-execution': ['monitor'],
};

const examples = (lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
const collect = (value: string, previous: string[] = []) => [...previous, value];
const strategy = (value: string): Strategy => {
  if (!(STRATEGIES as readonly string[]).includes(value)) throw new InvalidArgumentError(`expected one of ${STRATEGIES.join(', ')}`);
  return value as Strategy;
};

export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('tpe')
    .description('Ticket parallel execution engine: runs a plan of tickets in parallel with a pool of typed agents.')
    .version('0.1.0', '-V, --version')
    .showHelpAfterError('(run with --help for usage and examples)')
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .addHelpText(
      'after',
      examples([
        'tpe check examples/release/plan.yaml',
        'tpe run examples/release/plan.yaml',
        'tpe run plan.yaml --agents shell=8 --strategy critical-path',
        'tpe run plan.yaml --dry-run',
        'tpe schema > plan.schema.json',
      ]),
    );

  program
    .command('run')
    .alias('execute-parallel-plan')
    .description('Execute a plan: tickets in parallel, dependencies, conflicts and resources respected, critical path first.')
    .argument('<plan>', 'a plan YAML file (native or the seed\'s execution_plan), or a folder of ticket files')
    .addOption(new Option('--strategy <name>', `dispatch strategy (${STRATEGIES.join(' | ')})`).argParser(strategy))
    .option('--agents <type=count>', 'agents per type, e.g. shell=8,compute=2 (repeatable)', collect)
    .option('--dry-run', 'simulate the schedule from the estimates, run nothing, print predicted groups and makespan')
    .option('--fail-fast', 'stop everything at the first ticket that fails for good')
    .option('--json', 'print the run result as JSON on stdout (no live view)')
    .option('--log-level <level>', 'level of the run log .tpe/runs/<run>/engine.log (trace|debug|info|warn|error)', 'info')
    .option('--workspace <dir>', 'where .tpe/ (logs, runs) lives', '.')
    .option('--no-live', 'plain progress lines even on a terminal')
    .option('--no-store', 'record nothing in .tpe/tpe.db: the run cannot be resumed or steered from another terminal')
    .option('--no-sync-registry', 'leave registry ticket files as they are (by default their status and timestamps follow the run)')
    .option('--move-files', 'move registry ticket files between status folders (pending/ → in-progress/ → completed/)')
    .option('--quiet', 'print only failures and the summary')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .option('--ui', 'serve the live web dashboard on 127.0.0.1 (random port; the address with its token is printed)')
    .option('--ui-port <port>', 'the dashboard\'s port (implies --ui)')
    .option('--inspect <ws-url>', 'send every actor\'s inspection events to a WebSocket inspector, e.g. ws://localhost:8080 (the Stately inspector\'s protocol)')
    .option('--report <file>', 'write the run report when the run ends; format from the extension: .md, .json, .csv, .html')
    .addHelpText(
      'after',
      examples([
        'tpe run examples/release/plan.yaml',
        'tpe run plan.yaml --agents shell=8,compute=2',
        'tpe run plan.yaml --strategy sequential --fail-fast',
        'tpe run plan.yaml --dry-run --json',
        'tpe run plan.yaml --ui',
        'tpe run plan.yaml --inspect ws://localhost:8080 --report report.html',
        'execute-parallel-plan execution-plan.yaml',
      ]) + '\nExit codes: 0 all completed, 1 some failed or blocked, 2 bad input, 3 stopped, 130 interrupted.\n',
    )
    .action(async (plan: string, opts: RunOptions) => setExit(await runCommand(plan, opts, io)));

  const workspaceOption = () => new Option('--workspace <dir>', 'where .tpe/ lives').default('.');

  program
    .command('plan')
    .alias('generate-execution-plan')
    .description("Write the seed's execution plan for a ticket folder or a plan: groups, conflicts, critical path, recommendations; `tpe run` executes it as written.")
    .argument('[tickets-folder|plan]', 'a folder of markdown tickets, or a plan file')
    .addOption(new Option('--strategy <name>', `grouping and dispatch strategy (${STRATEGIES.join(' | ')})`).argParser(strategy))
    .option('--agents <n|type=count>', 'agents per type to plan for: 4 (every type), or shell=4,compute=2 (repeatable)', collect)
    .option('--scope <scope>', 'pending (tickets not done yet) or all', 'pending')
    .option('--category <list>', 'only these categories, e.g. system,documentation (repeatable)', collect)
    .option('--priority <list>', 'only these priorities, e.g. critical,high (repeatable)', collect)
    .option('--agent-command <cmd>', 'for a bare ticket folder: the command that carries out one ticket, e.g. "claude -p"')
    .option('-o, --output <file>', 'write the plan to this file instead of stdout')
    .option('--validate-plan <file>', 'check an edited execution plan instead of writing one: tickets exist, groups respect dependencies and conflicts, agents suffice')
    .option('--generate-plan', "accepted for the seed's analyze-dependencies; generating is the default")
    .option('--json', 'with --validate-plan: the problems as JSON')
    .option('--no-color', 'no colours')
    .addHelpText(
      'after',
      examples([
        'tpe plan tickets/ --output execution-plan.yaml',
        'tpe plan tickets/ --strategy critical-path --agents 4 --priority critical,high',
        'tpe plan tickets/ --agent-command "claude -p" -o plan.yaml && tpe run plan.yaml',
        'tpe plan --validate-plan execution-plan.yaml',
        'generate-execution-plan --strategy balanced > plan.yaml',
      ]),
    )
    .action(async (target: string | undefined, opts: PlanCliOptions) => setExit(await planCommand(target, opts, io)));

  program
    .command('diagnose')
    .alias('diagnose-execution')
    .description("Where a plan's or a run's time goes, and what would shorten it (each recommendation with its simulated gain).")
    .argument('[plan|run]', 'a plan file or ticket folder, or a run id; default: the most recent run')
    .option('--check-conflicts', 'conflicts, resources, isolation: what they serialised and what they cost')
    .option('--analyze-bottlenecks', 'critical path or chain, bottlenecks, waits, agent utilization, estimates')
    .option('--format <format>', 'table, json or markdown', 'table')
    .option('--json', 'same as --format json')
    .option('--no-what-if', 'skip the simulations behind the recommendations (for very large plans)')
    .option('--no-color', 'no colours')
    .addOption(workspaceOption())
    .addHelpText(
      'after',
      examples(['tpe diagnose', 'tpe diagnose exec_20261128-031207-a3f9 --analyze-bottlenecks', 'tpe diagnose plan.yaml --check-conflicts', 'tpe diagnose --format markdown > diagnosis.md', 'diagnose-execution --check-conflicts --analyze-bottlenecks']),
    )
    .action(async (target: string | undefined, opts: DiagnoseCliOptions) => setExit(await diagnoseCommand(target, opts, io)));

  program
    .command('report')
    .description("The session summary of a run (finished, stopped, crashed, or live: as of now): metrics, completion by priority, agents, conflicts, failures, estimates, recommendations, the Gantt chart of what ran.")
    .argument('[run]', 'run id (or its end); default: the most recent run')
    .option('--format <format>', 'markdown, json, csv (one row per ticket) or html (one self-contained file); default: the output file\'s extension, else markdown')
    .option('--json', 'same as --format json')
    .option('-o, --output <file>', 'write the report to this file (default: stdout; html: <run id>-report.html; - for stdout)')
    .option('--no-what-if', 'skip the simulations behind the recommendations (for very large runs)')
    .addOption(workspaceOption())
    .addHelpText(
      'after',
      examples([
        'tpe report',
        'tpe report --format html',
        'tpe report exec_20261128-031207-a3f9 --format csv -o tickets.csv',
        'tpe report -o report.md',
        'tpe report --json > report.json',
      ]),
    )
    .action(async (run: string | undefined, opts: ReportCliOptions) => setExit(await reportCommand(run, opts, io)));

  program
    .command('simulate')
    .description('Predict a plan from its estimates, running nothing: makespan by agent count (where more agents stop helping), the lower bound, group times, a Gantt chart.')
    .argument('<plan>', 'a plan file or a folder of tickets')
    .option('--agents <counts>', 'agent counts to try: 1..16 (every type), shell=1..8 (one type), or shell=4,compute=2 (one configuration)', '1..16')
    .addOption(new Option('--strategy <name>', `dispatch strategy (${STRATEGIES.join(' | ')})`).argParser(strategy))
    .option('--gantt <file>', 'where to write the Gantt chart of the predicted schedule (.html or .svg); default <plan>-simulation.html')
    .option('--no-gantt', 'write no chart')
    .option('--json', 'the curve and the schedule as JSON')
    .addHelpText('after', examples(['tpe simulate plan.yaml', 'tpe simulate plan.yaml --agents 1..8 --gantt schedule.svg', 'tpe simulate plan.yaml --agents shell=2..12', 'tpe simulate tickets/ --json --no-gantt']))
    .action(async (plan: string, opts: SimulateCliOptions) => setExit(await simulateCommand(plan, opts, io)));

  program
    .command('viz')
    .description("Draw a plan's ticket DAG (tickets coloured by agent type, the critical path in red) or, with --machine, one of the engine's statecharts, as SVG, Graphviz DOT or Mermaid.")
    .argument('[plan]', 'a plan file or a folder of tickets')
    .addOption(new Option('--format <format>', "svg, dot or mermaid (default: the output file's extension, else svg)").choices(VIZ_FORMATS))
    .option('-o, --output <file>', 'write to this file (default: stdout)')
    .addOption(new Option('--machine <name>', 'draw a statechart instead of a plan').choices(VIZ_MACHINES))
    .addHelpText(
      'after',
      examples([
        'tpe viz examples/release/plan.yaml -o release.svg',
        'tpe viz plan.yaml --format mermaid > plan.mmd',
        'tpe viz plan.yaml --format dot | dot -Tpng -o plan.png',
        'tpe viz --machine ticket -o ticket.svg',
        'tpe viz --machine supervisor --format mermaid',
      ]) + VIZ_HELP,
    )
    .action(async (plan: string | undefined, opts: VizCliOptions) => setExit(await vizCommand(plan, opts, io)));

  program
    .command('check')
    .description('Validate a plan or a ticket folder without running anything; every problem is listed with file:line:col.')
    .argument('<plan|ticket-folder>', 'a plan file or a folder of markdown tickets')
    .option('--json', 'problems as JSON')
    .addHelpText('after', examples(['tpe check plan.yaml', 'tpe check tickets/', 'tpe check plan.yaml --json']) + '\nExit codes: 0 no problems, 2 problems found.\n')
    .action(async (target: string, opts: { json?: boolean }) => setExit(await checkCommand(target, opts, io)));

  program
    .command('resume')
    .alias('resume-execution')
    .description('Continue a paused run, or restart a stopped or crashed run from the store (completed work is kept).')
    .argument('[run]', 'run id (or its end); default: the most recent run')
    .option('--validate-state', 'compare the plan and ticket files with what the run recorded; continue only if the changes are safe')
    .option('--continue-from-checkpoint', 'accepted for the seed\'s command; resuming always continues from the journal')
    .addOption(workspaceOption())
    .option('--json', 'print the run result as JSON on stdout')
    .option('--log-level <level>', 'level of the run log', 'info')
    .option('--no-live', 'plain progress lines even on a terminal')
    .option('--quiet', 'print only failures and the summary')
    .option('--ui', 'serve the live web dashboard on 127.0.0.1 (random port; the address with its token is printed)')
    .option('--ui-port <port>', 'the dashboard\'s port (implies --ui)')
    .option('--inspect <ws-url>', 'send every actor\'s inspection events to a WebSocket inspector, e.g. ws://localhost:8080 (the Stately inspector\'s protocol)')
    .option('--report <file>', 'write the run report when the run ends; format from the extension: .md, .json, .csv, .html')
    .addHelpText(
      'after',
      `${examples(['tpe resume', 'tpe resume exec_20261128-031207-a3f9', 'tpe resume --validate-state', 'tpe resume --ui', 'resume-execution --validate-state'])}
One engine owns a run at a time: a resume of a run whose engine still lives (even stopped with
SIGSTOP), or that another resume took first, exits 2 naming the owner's process and host.
`,
    )
    .action(async (run: string | undefined, opts: ResumeCliOptions) => setExit(await resumeCommand(run, opts, io)));

  program
    .command('pause')
    .alias('pause-execution')
    .description('Stop dispatching in a live run. Without --wait-for-completion running tickets are interrupted (and run again on resume).')
    .argument('[run]', 'run id; default: the most recent run')
    .option('--wait-for-completion', 'let running tickets finish first (also: --wait-completion)')
    .option('--wait-completion', 'same as --wait-for-completion')
    .option('--preserve-state', 'accepted for the seed\'s command; state is always preserved')
    .addOption(workspaceOption())
    .option('--json', 'print the run\'s snapshot as JSON')
    .addHelpText('after', examples(['tpe pause', 'tpe pause --wait-for-completion', 'pause-execution --wait-for-completion']))
    .action(async (run: string | undefined, opts: { waitForCompletion?: boolean; waitCompletion?: boolean; workspace?: string; json?: boolean }) =>
      setExit(await pauseCommand(run, { ...opts, waitForCompletion: opts.waitForCompletion ?? opts.waitCompletion ?? false }, io)),
    );

  program
    .command('stop')
    .alias('stop-execution')
    .description('Stop a live run: gracefully (running tickets finish), or with --force at once (their process groups are killed). Completed work is kept.')
    .argument('[run]', 'run id; default: the most recent run')
    .option('--force', 'kill running tickets now')
    .option('--preserve-state', 'accepted for the seed\'s command; state is always preserved')
    .option('--save-state <file>', 'also write the run\'s snapshot as JSON to this file')
    .addOption(workspaceOption())
    .option('--json', 'print the outcome as JSON')
    .addHelpText('after', examples(['tpe stop', 'tpe stop --force', 'emergency-stop', 'stop-execution --force --preserve-state']))
    .action(async (run: string | undefined, opts: { force?: boolean; workspace?: string; json?: boolean; saveState?: string }) => {
      if (opts.saveState) {
        const snap = await readSnapshot(run, opts.workspace, io.cwd, true);
        writeFileSync(resolve(io.cwd, opts.saveState), `${JSON.stringify(snap, null, 2)}\n`);
      }
      setExit(await stopCommand(run, opts, io));
    });

  program
    .command('adjust')
    .alias('adjust-execution')
    .description('Change a live run at once: agents, priorities, holds, capacities.')
    .argument('[run]', 'run id; default: the most recent run')
    .option('--parallelism <change>', 'change every agent type\'s pool, e.g. +2 or -1')
    .option('--increase-parallelism', 'same as --parallelism +1')
    .option('--agents <type=count>', 'set a pool size, e.g. shell=8 (repeatable)', collect)
    .option('--increase-agents <n>', 'same as --parallelism +n')
    .option('--priority <id=level>', 'set a ticket\'s priority, e.g. SYS-015=critical (repeatable)', collect)
    .option('--hold <id>', 'hold a ticket: it is not dispatched until released (repeatable)', collect)
    .option('--release <id>', 'release a held ticket (repeatable)', collect)
    .option('--cancel <id>', 'cancel a ticket (repeatable)', collect)
    .option('--capacity <resource=n>', 'set a resource\'s capacity (repeatable)', collect)
    .option('--add <file>', 'add the tickets of a YAML file (a list, or tickets: with a list) to the running plan')
    .addOption(workspaceOption())
    .option('--json', 'print what changed as JSON')
    .addHelpText('after', examples(['tpe adjust --parallelism +2', 'tpe adjust --agents shell=8', 'tpe adjust --add more-tickets.yaml', 'tpe adjust --priority SYS-015=critical --hold DOC-001', 'tpe adjust --capacity database=2', 'adjust-parallelism --increase-parallelism']))
    .action(async (run: string | undefined, opts: AdjustCliOptions & { increaseParallelism?: boolean; increaseAgents?: string }) => {
      const parallelism = opts.parallelism ?? (opts.increaseAgents ? `+${opts.increaseAgents}` : opts.increaseParallelism ? '+1' : undefined);
      setExit(await adjustCommand(run, { ...opts, ...(parallelism ? { parallelism } : {}) }, io));
    });

  program
    .command('status')
    .alias('show-agent-status')
    .description('A run\'s state, agents and what waits, from the live run or from the store.')
    .argument('[run]', 'run id; default: the most recent run')
    .option('--format <format>', 'table or json', 'table')
    .option('--include-metrics', 'velocity, actual/estimate ratio, ETA, resources')
    .option('--detailed', 'every ticket not completed')
    .option('--agent <id>', 'only this agent')
    .addOption(workspaceOption())
    .addHelpText('after', examples(['tpe status', 'tpe status --format json', 'tpe status --include-metrics --detailed', 'show-agent-status --format table --include-metrics']))
    .action(async (run: string | undefined, opts: StatusCliOptions) => setExit(await statusCommand(run, opts, io)));

  program
    .command('monitor')
    .alias('monitor-execution')
    .description('The execution dashboard of a run: groups, agents, completion, conflicts, ETA, and why tickets wait; live while the run is.')
    .argument('[run]', 'run id; default: the most recent run')
    .option('--refresh <interval>', 'redraw interval', '1s')
    .option('--focus <section>', 'agents, resources, conflicts or progress')
    .option('--format <format>', 'table, json or markdown', 'table')
    .option('--output <file>', 'write the dashboard to a file (rewritten every refresh) instead of the terminal')
    .option('--real-time', 'keep refreshing even when not on a terminal')
    .option('--dashboard', 'accepted for the seed\'s command; the dashboard is the default')
    .option('--session <id>', 'the run to show (same as the [run] argument)')
    .option('--count <n>', 'stop after this many refreshes')
    .option('--web', 'serve the live web dashboard of the run on 127.0.0.1 (random port; the address with its token is printed) until the run ends or Ctrl-C')
    .option('--ui-port <port>', 'the web dashboard\'s port (with --web)')
    .addOption(workspaceOption())
    .addHelpText('after', examples(['tpe monitor', 'tpe monitor --refresh 5s --focus agents', 'tpe monitor --format json --count 1', 'tpe monitor --web', 'monitor-execution --dashboard --real-time']))
    .action(async (run: string | undefined, opts: MonitorOptions) => setExit(await monitorCommand(run, opts, io)));

  program
    .command('runs')
    .description('The runs of this workspace, newest first, with their state and counts.')
    .option('--limit <n>', 'how many', '20')
    .addOption(workspaceOption())
    .option('--json', 'as JSON')
    .addHelpText('after', examples(['tpe runs', 'tpe runs --json']))
    .action(async (opts: { workspace?: string; json?: boolean; limit?: string }) => setExit(await runsCommand(opts, io)));

  program
    .command('schema')
    .description('Print the plan format as JSON Schema (for editor completion).')
    .addHelpText('after', examples(['tpe schema > plan.schema.json']))
    .action(() => setExit(schemaCommand(io)));

  return program;
}

/** Runs the CLI in-process; returns the exit code. Never throws for bad input. */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  const program = buildProgram(io, (c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    return handleError(err, io);
  }
}

function handleError(err: unknown, io: CliIO): number {
  const style = styleFor(io.stderr, io.env);
  if (err instanceof CommanderError) {
    // Help and version are not errors; commander already printed the message.
    return err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help' ? 0 : 2;
  }
  if (err instanceof BadInputError) {
    printProblems(io.stderr, err.problems, style, { cwd: io.cwd });
    return 2;
  }
  if (err instanceof UsageError || (err instanceof TpeError && (err.code === 'BAD_INPUT' || err.code === 'RUN_OWNED'))) {
    io.stderr.write(`${style.red('error')} ${err.message}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  // Refusals from a live run's control channel: its own words, not an internal error.
  const code = (err as { code?: unknown } | null)?.code;
  if (err instanceof Error && err.name === 'ControlUnavailable') {
    io.stderr.write(`${style.red('error')} ${message}\n`);
    return 1;
  }
  if (code === 'USAGE' || code === 'BAD_INPUT') {
    io.stderr.write(`${style.red('error')} ${message}\n`);
    return 2;
  }
  io.stderr.write(`${style.red('internal error')} ${message}\n`);
  if (io.env.TPE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  else io.stderr.write(style.dim('(set TPE_DEBUG=1 for a stack trace, and please report it)\n'));
  return 1;
}
