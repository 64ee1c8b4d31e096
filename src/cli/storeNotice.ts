import type { CliIO } from './io.js';
import { styleFor } from './render/style.js';

/** How the CLI tells of a store file it made private (one line each, on stderr). */
export function storeNotice(io: CliIO): (message: string) => void {
  const style = styleFor(io.stderr, io.env);
  return (message) => io.stderr.write(`${style.yellow('notice')} ${message}\n`);
}
