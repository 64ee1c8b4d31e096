/**
 * The wrapper a durable run puts around a process attempt: it runs the
 * command as it is ("$@", never re-parsed), writes its exit code and whose
 * exit it is (the attempt's `TPE_RUN_ID`, `TICKET_ATTEMPT` and `TICKET_ID`, set
 * by the engine over anything the plan sets: see `exitTagFor`) to the exit
 * file, readable by its user only, and ends as the command ended, re-raising the command's signal on itself
 * when it died by one.
 *
 * The code is written as one line by one `write` of the shell's builtin printf: a
 * reader sees no file, an empty one, or the whole line, and `readExitFile` takes
 * nothing but a whole line (a wrapper killed in between counts as unfinished). A
 * temporary file and `mv` said the same with two more processes per attempt (mv is
 * not a builtin): three times the CPU of a `true` ticket.
 * It outlives an engine that is killed, so the outcome of work that finished
 * meanwhile is known to the resumed run.
 */
const WRAPPER = [
  '"$@"',
  's=$?',
  'umask 077',
  'printf "%s %s %s %s\\n" "$s" "$TPE_RUN_ID" "$TICKET_ATTEMPT" "$TICKET_ID" > "$0"',
  'if [ "$s" -gt 128 ] && [ "$s" -lt 160 ]; then kill -"$((s - 128))" $$; fi',
  'exit "$s"',
].join('\n');

/** The argv that runs `argv` under the wrapper, with the exit file as `$0`. */
export function wrapWithExitFile(argv: readonly string[], exitFile: string): string[] {
  return ['/bin/sh', '-c', WRAPPER, exitFile, ...argv];
}
