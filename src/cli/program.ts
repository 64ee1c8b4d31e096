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
import type { CliIO } from './io.js';
import { printProblems } from './printProblems.js';
import { styleFor } from './render/style.js';

/** Seed command names installed as their own executables, and the subcommand each means. */
export const COMMAND_ALIASES: Readonly<Record<string, string>> = {
  'execute-parallel-plan': 'run',
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
    .option('--quiet', 'print only failures and the summary')
    .option('--no-color', 'no colours (also: NO_COLOR=1)')
    .addHelpText(
      'after',
      examples([
        'tpe run examples/release/plan.yaml',
        'tpe run plan.yaml --agents shell=8,compute=2',
        'tpe run plan.yaml --strategy sequential --fail-fast',
        'tpe run plan.yaml --dry-run --json',
        'execute-parallel-plan execution-plan.yaml',
      ]) + '\nExit codes: 0 all completed, 1 some failed or blocked, 2 bad input, 3 stopped, 130 interrupted.\n',
    )
    .action(async (plan: string, opts: RunOptions) => setExit(await runCommand(plan, opts, io)));

  program
    .command('check')
    .description('Validate a plan or a ticket folder without running anything; every problem is listed with file:line:col.')
    .argument('<plan|ticket-folder>', 'a plan file or a folder of markdown tickets')
    .option('--json', 'problems as JSON')
    .addHelpText('after', examples(['tpe check plan.yaml', 'tpe check tickets/', 'tpe check plan.yaml --json']) + '\nExit codes: 0 no problems, 2 problems found.\n')
    .action(async (target: string, opts: { json?: boolean }) => setExit(await checkCommand(target, opts, io)));

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
  if (err instanceof UsageError || (err instanceof TpeError && err.code === 'BAD_INPUT')) {
    io.stderr.write(`${style.red('error')} ${err.message}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  io.stderr.write(`${style.red('internal error')} ${message}\n`);
  if (io.env.TPE_DEBUG && err instanceof Error && err.stack) io.stderr.write(`${err.stack}\n`);
  else io.stderr.write(style.dim('(set TPE_DEBUG=1 for a stack trace, and please report it)\n'));
  return 1;
}
