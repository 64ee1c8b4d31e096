/** The built `tpe` as a child process, for the crash and race harnesses. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export const bin = join(import.meta.dirname, '..', '..', '..', 'dist', 'cli', 'main.js');

export interface Exited {
  args: string[];
  code: number | null;
  stderr: string;
}

export function runTpe(dir: string, args: string[], afterMs = 0, env: Record<string, string> = {}): Promise<Exited> {
  return new Promise((resolve) => {
    setTimeout(() => {
      const child = spawn(process.execPath, [bin, ...args], { cwd: dir, env: { ...process.env, NO_COLOR: '1', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
      child.once('exit', (code) => resolve({ args, code, stderr }));
    }, afterMs);
  });
}

/** A message with a stack trace in it (what a user must never see). */
export const STACK = /\n\s+at .+\(.+:\d+:\d+\)|SqliteError|internal error/;

