import { constants } from 'node:os';

/** How a child ended, as Node's `'exit'` event reports it. */
export interface ChildExit {
  /** `null` when a signal ended it. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
}

/** Signal numbers to names; the first name of a number wins (SIGABRT before SIGIOT). */
const signalNames = new Map<number, NodeJS.Signals>();
for (const [name, value] of Object.entries(constants.signals)) {
  if (!signalNames.has(value)) signalNames.set(value, name as NodeJS.Signals);
}

/**
 * Decodes a Linux `waitpid` status word (`WIFEXITED`/`WEXITSTATUS`, `WIFSIGNALED`/`WTERMSIG`).
 * Stopped and continued states never reach here: they are reported only with
 * `WUNTRACED`/`WCONTINUED`, which the reaper does not ask for.
 */
export function decodeWaitStatus(status: number): ChildExit {
  const termSignal = status & 0x7f;
  if (termSignal === 0) return { exitCode: (status >> 8) & 0xff, signal: null };
  return { exitCode: null, signal: signalNames.get(termSignal) ?? null };
}
