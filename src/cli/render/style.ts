/**
 * Terminal styling that turns itself off: no colour when the stream is not a
 * TTY, when NO_COLOR is set, or when asked (`--no-color`).
 */
export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export const colors: Style = {
  bold: wrap(1, 22),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  green: wrap(32, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
};

const id = (s: string) => s;
export const plain: Style = { bold: id, dim: id, red: id, green: id, yellow: id, cyan: id };

export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env, noColor = false): Style {
  if (noColor || env.NO_COLOR !== undefined || env.TERM === 'dumb' || !stream.isTTY) return plain;
  return colors;
}

/** Visible width of a string that may hold ANSI colour codes. */
export function visibleLength(s: string): number {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;]*m/g, '').length;
}
