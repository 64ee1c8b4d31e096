import { isAbsolute, relative, resolve } from 'node:path';

/**
 * A path relative to `from`, rewritten relative to `to` (`./agents/run.sh`
 * in `examples/seed/` seen from `.` is `./examples/seed/agents/run.sh`).
 * Always starts with `./` or `../`, which is how an argv program is marked
 * as a file beside the plan rather than a program on the PATH.
 */
export function rebasePath(path: string, from: string, to: string): string {
  return isAbsolute(path) ? path : pathFrom(to, resolve(from, path));
}

/** `target` as a path relative to the folder `dir`, starting with `./` or `../` (`.` for `dir` itself). */
export function pathFrom(dir: string, target: string): string {
  const rel = relative(dir, target).split('\\').join('/');
  if (rel === '') return '.';
  return rel === '..' || rel.startsWith('../') || isAbsolute(rel) ? rel : `./${rel}`;
}

/**
 * The input plan's `agents:` as written, with the paths that resolve
 * against the plan's folder (an argv command whose program is `./…` or
 * `../…`, a worker's `module`) rewritten for the output's folder, so that the
 * generated file runs the same programs wherever it is written. Shell-string
 * commands are left as written: they run in the plan's folder (see README).
 */
export function rebaseAgents(agents: Record<string, unknown>, from: string, to: string): Record<string, unknown> {
  if (from === to) return agents;
  const out: Record<string, unknown> = {};
  for (const [name, agent] of Object.entries(agents)) {
    if (agent === null || typeof agent !== 'object' || Array.isArray(agent)) {
      out[name] = agent;
      continue;
    }
    const copy: Record<string, unknown> = { ...(agent as Record<string, unknown>) };
    const command = copy.command;
    if (Array.isArray(command) && typeof command[0] === 'string' && /^\.\.?\//.test(command[0])) {
      copy.command = [rebasePath(command[0], from, to), ...command.slice(1)];
    }
    if (typeof copy.module === 'string') copy.module = rebasePath(copy.module, from, to);
    out[name] = copy;
  }
  return out;
}
