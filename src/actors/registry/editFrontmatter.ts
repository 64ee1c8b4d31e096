import { strict as assert } from 'node:assert';
import { isMap, isScalar, parseDocument, type Pair } from 'yaml';
import { splitFrontmatter } from '../../plan/splitFrontmatter.js';
import { formatYamlScalar, type ScalarStyle } from './formatYamlScalar.js';

/** New values of top-level frontmatter keys; `undefined` removes the key's line(s). */
export type FrontmatterFields = Readonly<Record<string, string | undefined>>;

/** Options of {@link editFrontmatter}. */
export interface EditFrontmatterOptions {
  /** Keys written only when absent (`started` survives a second start). @default [] */
  keep?: readonly string[];
  /**
   * Missing keys go after the last of these keys present (else at the end of
   * the frontmatter): the sync passes its own keys so that `completed` lands
   * after an earlier run's `started`, not between `status` and it.
   * @default ['status']
   */
  after?: readonly string[];
}

/** Why a file's frontmatter could not be edited: then nothing was changed. */
export type FrontmatterEditFailure = 'no-frontmatter' | 'unclosed' | 'invalid-yaml' | 'not-a-mapping';

export type FrontmatterEdit =
  | { ok: true; text: string; changed: boolean }
  | { ok: false; reason: FrontmatterEditFailure; text: string };

/** A simple key is one we can write bare (`actual_effort`, `blocked-reason`). */
const SIMPLE_KEY = /^[A-Za-z_][\w.-]*$/;

interface Splice {
  start: number;
  end: number;
  insert: string;
}

/**
 * Rewrites the values of top-level keys in a markdown file's leading `---`
 * frontmatter and leaves every other byte alone: comments, key order, the
 * quoting of other values, nested keys with the same name, multi-line values
 * of other keys, line endings, the body and a missing final newline.
 *
 * Why surgical and not parse-then-stringify: ticket files are written by
 * people and agents; a sync that reformats them produces diffs nobody asked
 * for and loses comments. The YAML is still parsed (with `yaml`'s source
 * ranges) so that "top-level key" means what YAML means, never a line that
 * merely looks like `status:` inside a block scalar or a nested mapping.
 *
 * Missing keys are added on new lines right after the `status` entry (see
 * `after`), in the order given, or at the end of the frontmatter. A
 * replaced value keeps its quoting when it was quoted.
 */
export function editFrontmatter(text: string, fields: FrontmatterFields, options: EditFrontmatterOptions = {}): FrontmatterEdit {
  const split = splitFrontmatter(text);
  if (split.kind !== 'frontmatter') return { ok: false, reason: split.kind === 'none' ? 'no-frontmatter' : 'unclosed', text };
  const yamlStart = text.indexOf('\n') + 1;
  const yaml = split.yaml;
  const doc = parseDocument(yaml, { uniqueKeys: true, keepSourceTokens: false });
  if (doc.errors.length > 0) return { ok: false, reason: 'invalid-yaml', text };
  const contents = doc.contents;
  if (contents !== null && !(isMap(contents) && !contents.flow)) {
    // A flow mapping (`{ status: x }`) or a bare scalar: no line per key to edit.
    const empty = isScalar(contents) && (contents.value === null || contents.value === '');
    if (!empty) return { ok: false, reason: 'not-a-mapping', text };
  }
  const eol = /^---[ \t]*\r\n/.test(text) ? '\r\n' : '\n';
  const pairs = isMap(contents) ? (contents.items as Pair[]) : [];
  const keep = new Set(options.keep ?? []);
  const splices: Splice[] = [];
  const added: string[] = [];

  for (const [key, value] of Object.entries(fields)) {
    assert(SIMPLE_KEY.test(key), `editFrontmatter: "${key}" is not a simple key`);
    const pair = pairs.find((p) => isScalar(p.key) && String(p.key.value) === key);
    if (pair === undefined) {
      if (value !== undefined) added.push(`${key}: ${formatYamlScalar(value)}${eol}`);
      continue;
    }
    if (keep.has(key) && value !== undefined && !isEmptyValue(pair)) continue;
    const lines = pairLines(yaml, pair);
    if (value === undefined) {
      splices.push({ start: lines.start, end: lines.end, insert: '' });
      continue;
    }
    const node = pair.value;
    const range = isScalar(node) ? node.range : undefined;
    if (range && !/[\r\n]/.test(yaml.slice(range[0], range[1]))) {
      splices.push(
        range[0] < range[1]
          ? // Replace just the value: a comment after it (`status: x  # why`) stays, and so does its quoting.
            { start: range[0], end: range[1], insert: formatYamlScalar(value, styleOf((node as { type?: string }).type)) }
          : // `status:` with no value: write it right after the colon, before any comment.
            { start: colonAfter(yaml, pair) + 1, end: colonAfter(yaml, pair) + 1, insert: ` ${formatYamlScalar(value)}` },
      );
    } else {
      // A multi-line value (block scalar, list, mapping) becomes one line.
      splices.push({ start: lines.start, end: lines.end, insert: `${key}: ${formatYamlScalar(value)}${eol}` });
    }
  }

  if (added.length > 0) {
    const anchors = new Set(options.after ?? ['status']);
    const anchor = pairs.findLast((p) => isScalar(p.key) && anchors.has(String(p.key.value)));
    const at = anchor === undefined ? yaml.length : pairLines(yaml, anchor).end;
    splices.push({ start: at, end: at, insert: added.join('') });
  }
  if (splices.length === 0) return { ok: true, text, changed: false };

  splices.sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let from = 0;
  for (const s of splices) {
    out += yaml.slice(from, s.start) + s.insert;
    from = Math.max(from, s.end);
  }
  out += yaml.slice(from);
  const result = text.slice(0, yamlStart) + out + text.slice(yamlStart + yaml.length);
  return { ok: true, text: result, changed: result !== text };
}

function isEmptyValue(pair: Pair): boolean {
  const node = pair.value;
  return node === null || node === undefined || (isScalar(node) && (node.value === null || node.value === ''));
}

function styleOf(type: string | undefined): ScalarStyle {
  return type === 'QUOTE_DOUBLE' ? 'double' : type === 'QUOTE_SINGLE' ? 'single' : 'plain';
}

/** The whole lines a pair occupies in `yaml`: from the start of its key's line to after the end of line of its last value line. */
function pairLines(yaml: string, pair: Pair): { start: number; end: number } {
  const keyRange = keyRangeOf(pair);
  const start = yaml.lastIndexOf('\n', keyRange[0] - 1) + 1;
  const valueRange = (pair.value as { range?: [number, number, number] } | null)?.range;
  let last = Math.max(keyRange[1], valueRange ? valueRange[1] : keyRange[1]);
  // Block values end after their final newline already; a scalar ends mid-line.
  if (last > 0 && yaml[last - 1] === '\n') return { start, end: last };
  const nl = yaml.indexOf('\n', last);
  last = nl === -1 ? yaml.length : nl + 1;
  return { start, end: last };
}

function colonAfter(yaml: string, pair: Pair): number {
  return yaml.indexOf(':', keyRangeOf(pair)[1]);
}

function keyRangeOf(pair: Pair): [number, number, number] {
  const range = (pair.key as { range?: [number, number, number] | null }).range;
  assert(range, 'editFrontmatter: a parsed key has a source range');
  return range;
}
