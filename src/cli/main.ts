#!/usr/bin/env node
/**
 * The `tpe` executable (also installed under the seed's command names, e.g.
 * `execute-parallel-plan`, which map to their subcommand).
 */
import { basename } from 'node:path';
import { processIO } from './io.js';
import { COMMAND_ALIASES, runCli } from './program.js';

// `tpe … | head` closes the pipe early: that is the reader's choice, not an
// error worth a stack trace. Stop writing and leave quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const invokedAs = basename(process.argv[1] ?? 'tpe').replace(/\.(c|m)?js$/, '');
const args = process.argv.slice(2);
const prefix = COMMAND_ALIASES[invokedAs];
const argv = prefix ? [...prefix, ...args] : args;

runCli(argv, processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
