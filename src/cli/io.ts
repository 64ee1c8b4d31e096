/**
 * What a command may touch of the outside world. The real process passes its
 * streams; tests pass buffers and call commands in-process.
 */
export interface OutStream {
  write(chunk: string): boolean | void;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Registers a handler for SIGINT/SIGTERM; returns the function that removes it. */
  onSignal(handler: (signal: NodeJS.Signals) => void): () => void;
}

export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    onSignal(handler) {
      process.on('SIGINT', handler);
      process.on('SIGTERM', handler);
      return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      };
    },
  };
}
