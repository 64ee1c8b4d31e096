/**
 * The wrapper a durable run puts around a process attempt: it runs the
 * command as it is ("$@", never re-parsed), writes its exit code to the exit
 * file (temp + rename, so a reader never sees half a number), and ends as the
 * command ended, re-raising the command's signal on itself when it died by one.
 * It outlives an engine that is killed, so the outcome of work that finished
 * meanwhile is known to the resumed run.
 */
const WRAPPER = [
  '"$@"',
  's=$?',
  'printf "%s\\n" "$s" > "$0.tmp" && mv -f "$0.tmp" "$0"',
  'if [ "$s" -gt 128 ] && [ "$s" -lt 160 ]; then kill -"$((s - 128))" $$; fi',
  'exit "$s"',
].join('\n');

/** The argv that runs `argv` under the wrapper, with the exit file as `$0`. */
export function wrapWithExitFile(argv: readonly string[], exitFile: string): string[] {
  return ['/bin/sh', '-c', WRAPPER, exitFile, ...argv];
}
