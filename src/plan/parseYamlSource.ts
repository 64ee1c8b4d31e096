import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type ScalarTag } from 'yaml';
import type { Path } from './formatPath.js';
import type { ProblemList } from './ProblemList.js';
import type { Position, SourceDoc } from './SourceDoc.js';

/** Aliases expanded by `toJS` at most: a billion-laughs document fails fast instead of eating memory. */
const MAX_ALIAS_COUNT = 100;
/** Tags `toJS` turns into values no plan field takes (a Buffer has a hundred keys): refused where they stand. */
const UNSUPPORTED_TAGS = new Set(['binary', 'set', 'omap', 'pairs', 'timestamp'].map((name) => `tag:yaml.org,2002:${name}`));
/** Nesting deeper than any plan needs; beyond it the input is garbage or an attack. */
const MAX_DEPTH = 100;
/** A garbage file yields hundreds of syntax errors; the first few say enough. */
const MAX_SYNTAX_ERRORS = 10;

/**
 * Zero-padded numbers such as the seed's bare ticket id `009` stay strings:
 * YAML 1.2 would read them as the integer 9 and lose the id.
 */
const ZERO_PADDED: ScalarTag = {
  identify: () => false,
  default: true,
  tag: 'tag:yaml.org,2002:str',
  test: /^[-+]?0[0-9]+$/,
  resolve: (source: string) => source,
};

/** The parsed value with a way to locate any of its parts. */
export interface YamlSource {
  value: unknown;
  doc: SourceDoc;
}

/**
 * Parses one YAML document with positions. Every syntax error, every
 * unsupported construct (complex keys, recursive aliases, excessive nesting)
 * and alias bombs become located problems in `problems`; the result is
 * `undefined` when the text cannot be used. Never throws on bad input.
 *
 * @param lineOffset lines before `text` in its file (markdown frontmatter starts on line 2)
 */
export function parseYamlSource(text: string, file: string, problems: ProblemList, lineOffset = 0): YamlSource | undefined {
  const lineCounter = new LineCounter();
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line: line + lineOffset, col };
  };
  const fixed = (offset: number): SourceDoc => ({ file, locate: () => at(offset) });

  // YAML allows no control characters but tab and line breaks (write `"\0"` if you must): this is binary data.
  // eslint-disable-next-line no-control-regex
  const control = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.exec(text);
  if (control !== null) {
    const before = text.slice(0, control.index);
    const line = lineOffset + 1 + (before.match(/\n/g)?.length ?? 0);
    const col = control.index - (before.lastIndexOf('\n') + 1) + 1;
    const code = `U+${control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
    problems.error('YAML_SYNTAX', { file, locate: () => ({ line, col }) }, [], `control character ${code} is not allowed in YAML (is this a binary file?)`);
    return undefined;
  }

  const deep = deepFlowNesting(text);
  if (deep !== undefined) {
    // Not parsed, so the line counter knows no lines yet: count them here.
    const lineStart = text.lastIndexOf('\n', deep - 1) + 1;
    const line = lineOffset + 1 + (text.slice(0, lineStart).match(/\n/g)?.length ?? 0);
    problems.error('YAML_SYNTAX', { file, locate: () => ({ line, col: deep - lineStart + 1 }) }, [], `nesting deeper than ${MAX_DEPTH} levels`);
    return undefined;
  }

  let document: Document.Parsed;
  try {
    document = parseDocument(text, { lineCounter, prettyErrors: false, customTags: (tags) => [ZERO_PADDED, ...tags] });
  } catch (error) {
    // The composer catches its own stack overflows; this guards the rest of the parser.
    problems.error('YAML_SYNTAX', fixed(0), [], `cannot parse YAML: ${(error as Error).message}`);
    return undefined;
  }
  // The composer reports its own stack overflows (deep block nesting) as errors, as many as it unwinds
  // and depending on the stack size: one problem says it all.
  const overflow = document.errors.find((error) => /call stack/i.test(error.message));
  if (overflow) {
    problems.error('YAML_SYNTAX', fixed(overflow.pos[0]), [], 'the document is nested too deeply');
    return undefined;
  }
  for (const error of document.errors.slice(0, MAX_SYNTAX_ERRORS)) {
    problems.error('YAML_SYNTAX', fixed(error.pos[0]), [], error.message);
  }
  if (document.errors.length > MAX_SYNTAX_ERRORS) {
    problems.error('YAML_SYNTAX', fixed(document.errors[MAX_SYNTAX_ERRORS]!.pos[0]), [], `${document.errors.length - MAX_SYNTAX_ERRORS} more YAML syntax errors`);
  }
  if (document.errors.length > 0) return undefined;
  for (const warning of document.warnings) problems.warn('YAML_SYNTAX', fixed(warning.pos[0]), [], warning.message);

  const unsupported = findUnsupported(document);
  if (unsupported) {
    problems.error('YAML_SYNTAX', fixed(unsupported.offset), [], unsupported.message);
    return undefined;
  }

  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message =
      error instanceof RangeError
        ? 'the document is nested too deeply'
        : `too many aliases: more than ${MAX_ALIAS_COUNT} expansions (${(error as Error).message})`;
    problems.error('YAML_SYNTAX', fixed(0), [], message);
    return undefined;
  }
  return { value, doc: { file, locate: (path, key) => at(offsetOf(document, path, key)) } };
}

/**
 * Offset of the first flow bracket nested deeper than `MAX_DEPTH`, found by a
 * quick scan before parsing (`[[[[…` megabytes deep would otherwise cost the
 * parser seconds and a stack overflow). Quotes and comments are skipped;
 * brackets inside plain scalars count, which only matters for input that
 * nobody writes by hand.
 */
function deepFlowNesting(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '#' && (i === 0 || text[i - 1] === ' ' || text[i - 1] === '\t' || text[i - 1] === '\n')) {
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      i = end;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_DEPTH) return i;
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/**
 * Walks the node tree without recursion looking for what `toJS` handles
 * badly: collection keys (stringified in super-linear time), aliases to
 * their own ancestors (cyclic values), nesting beyond `MAX_DEPTH`, and tags
 * that make binary data, sets, ordered maps and dates.
 */
function findUnsupported(document: Document.Parsed): { offset: number; message: string } | undefined {
  type Frame = { node: unknown; depth: number; exit: boolean };
  const stack: Frame[] = [{ node: document.contents, depth: 0, exit: false }];
  const ancestors = new Set<unknown>();
  while (stack.length > 0) {
    const { node, depth, exit } = stack.pop()!;
    if (exit) {
      ancestors.delete(node);
      continue;
    }
    if (isAlias(node)) {
      if (ancestors.has(node.resolve(document))) return { offset: node.range?.[0] ?? 0, message: `alias *${node.source} refers to a node that contains it` };
      continue;
    }
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag !== undefined && UNSUPPORTED_TAGS.has(tag)) {
      return { offset: (node as Node).range?.[0] ?? 0, message: `the tag !!${tag.slice('tag:yaml.org,2002:'.length)} is not supported: write a plain string, list or mapping` };
    }
    if (!isCollection(node)) continue;
    if (depth > MAX_DEPTH) return { offset: node.range?.[0] ?? 0, message: `nesting deeper than ${MAX_DEPTH} levels` };
    ancestors.add(node);
    stack.push({ node, depth, exit: true });
    for (const item of node.items as unknown[]) {
      if (isPair(item)) {
        if (item.key !== null && !isScalar(item.key)) {
          const offset = (item.key as Node).range?.[0] ?? 0;
          return { offset, message: 'a mapping key must be a plain value, not a list, mapping or alias' };
        }
        if (item.key !== null) stack.push({ node: item.key, depth: depth + 1, exit: false });
        stack.push({ node: item.value, depth: depth + 1, exit: false });
      } else {
        stack.push({ node: item, depth: depth + 1, exit: false });
      }
    }
  }
  return undefined;
}

/** Source offset of the node at `path` (or of its key), else of its nearest existing ancestor. */
function offsetOf(document: Document.Parsed, path: Path, key = false): number {
  let node: unknown = document.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(document);
    const segment = path[i]!;
    let keyNode: unknown;
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      keyNode = pair.key;
      next = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment];
    } else {
      break;
    }
    const last = i === path.length - 1;
    const keyOffset = (keyNode as Node | undefined)?.range?.[0];
    const valueOffset = (next as Node | null | undefined)?.range?.[0];
    // An empty value (`id:`) has no node of its own: point at its key.
    offset = (last && key ? keyOffset : valueOffset ?? keyOffset) ?? offset;
    if (next === null || next === undefined) break;
    node = next;
  }
  return offset;
}
