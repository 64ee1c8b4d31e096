/** A path into the input: object keys and list indices. */
export type PathSegment = string | number;
export type Path = readonly PathSegment[];

const PLAIN_KEY = /^[A-Za-z_][\w-]*$/;

/**
 * Renders a path the way a reader finds it in YAML: `tickets[3].depends_on[0]`,
 * `agents.project-optimizer.count`; keys that are not plain words are quoted
 * (`env["MY VAR"]`). The empty path renders as `''`.
 */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
