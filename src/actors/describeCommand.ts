import type { CommandSpec } from '../plan/types.js';

/**
 * A command as one line for logs and messages: a shell string as written, an argv list
 * quoted the way a POSIX shell would need it (so that it can be copied and re-run).
 */
export function describeCommand(command: CommandSpec): string {
  return 'shell' in command ? command.shell : command.argv.map(quoteForShell).join(' ');
}

/** Quotes one word for a POSIX shell; words made only of safe characters stay bare. */
export function quoteForShell(word: string): string {
  if (word !== '' && /^[\w@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replaceAll("'", `'\\''`)}'`;
}
