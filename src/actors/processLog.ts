import { describeCommand } from './describeCommand.js';
import { formatDuration } from '../plan/formatDuration.js';
import type { ExecutionResult, ProcessJob } from './types.js';

/**
 * The lines the process executor writes around a command's output in its log file, so that
 * a person reading the file alone knows what ran, with what, and how it ended. Each of our
 * lines starts with `[tpe` so that `grep -v '^\[tpe'` gives back the command's own output
 * (plus the blank line before the footer).
 */

/** Environment variables set per attempt by the engine; shown with their values. */
const ATTEMPT_ENV = /^(TPE_|TICKET_)/;

/** Shows a value bare when it is plain, else JSON-quoted (newlines and quotes stay on one line). */
function showValue(value: string): string {
  return /^[\w@%+=:,./-]*$/.test(value) ? value : JSON.stringify(value);
}

/**
 * The header: timestamp, ticket and attempt, the command as written, cwd, the attempt's own
 * environment, stdin and limits. Variables the plan adds are listed by name only: plans may
 * carry tokens, and log files are read by more people than plans are.
 */
export function formatLogHeader(job: ProcessJob, now: Date): string {
  const ticket = job.env.TICKET_ID ?? '?';
  const attempt = job.env.TICKET_ATTEMPT ?? '?';
  const run = job.env.TPE_RUN_ID === undefined ? '' : ` (run ${job.env.TPE_RUN_ID})`;
  const shown: string[] = [];
  const named: string[] = [];
  for (const [key, value] of Object.entries(job.env)) {
    if (ATTEMPT_ENV.test(key)) shown.push(`${key}=${showValue(value)}`);
    else named.push(key);
  }
  const lines = [
    `[tpe ${now.toISOString()}] ticket ${ticket} attempt ${attempt}${run} starting`,
    `[tpe] $ ${describeCommand(job.command).replaceAll('\n', '\n[tpe]   ')}`,
    `[tpe] cwd ${job.cwd}`,
    `[tpe] env ${shown.join(' ') || '(none)'}${named.length > 0 ? `; also set by the plan: ${named.join(', ')}` : ''}`,
    `[tpe] stdin ${job.stdinFile ?? '(none)'}; timeout ${formatDuration(job.timeoutMs)}; kill grace ${formatDuration(job.killGraceMs)}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * The footer: how the attempt ended, after a blank line so that it starts a line of its own
 * even when the command's last output did not end with a newline. Stray background processes of the command are killed
 * after this is written and may still add lines below it.
 */
export function formatLogFooter(job: ProcessJob, result: ExecutionResult, now: Date): string {
  const head = `[tpe ${now.toISOString()}] ticket ${job.env.TICKET_ID ?? '?'} attempt ${job.env.TICKET_ATTEMPT ?? '?'}`;
  const took = formatDuration(result.durationMs);
  if (result.ok) return `\n${head} succeeded after ${took} (exit code ${result.exitCode ?? 0})\n`;
  const { code, message, retryable } = result.error;
  return `\n${head} failed after ${took}: ${code}: ${message}; ${retryable ? 'retryable' : 'not retryable'}\n`;
}
