/** A markdown file's YAML frontmatter and where it starts. */
export type Frontmatter =
  | { kind: 'frontmatter'; yaml: string; /** Lines before the YAML (the opening `---`). */ lineOffset: number }
  | { kind: 'none' }
  | { kind: 'unclosed' };

/**
 * Splits the frontmatter off a markdown file: a first line `---`, then YAML,
 * then a line `---` (or `...`). Anything else at the top means no
 * frontmatter. The body is never parsed.
 */
export function splitFrontmatter(text: string): Frontmatter {
  const firstEnd = lineEnd(text, 0);
  if (text.slice(0, firstEnd).trimEnd() !== '---') return { kind: 'none' };
  let start = nextLine(text, firstEnd);
  const yamlStart = start;
  while (start < text.length) {
    const end = lineEnd(text, start);
    const line = text.slice(start, end).trimEnd();
    if (line === '---' || line === '...') return { kind: 'frontmatter', yaml: text.slice(yamlStart, start), lineOffset: 1 };
    start = nextLine(text, end);
  }
  return { kind: 'unclosed' };
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

function nextLine(text: string, end: number): number {
  return end >= text.length ? text.length : end + 1;
}
