import type { z } from 'zod';
import { describeValue } from './describeValue.js';
import { didYouMean } from './didYouMean.js';
import type { Path, PathSegment } from './formatPath.js';
import type { ProblemList } from './ProblemList.js';
import { knownKeys, schemaAt } from './schemaAt.js';
import { EXPECTED_TEXT } from './schemaParts.js';
import type { SourceDoc } from './SourceDoc.js';

type Issue = z.core.$ZodIssue;

/** zod's type names in the words of a plan author. */
const TYPE_WORDS: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'nothing',
};

/** Where the issues came from: the schema that produced them, the raw value it parsed, and where that value sits. */
export interface IssueSource {
  schema: z.ZodType;
  raw: unknown;
  doc: SourceDoc;
  /** Path of `raw` inside `doc` (a ticket parsed on its own sits at `tickets[3]`). */
  at: Path;
}

/**
 * Turns zod issues into located problems, one per issue (one per unknown
 * field), in the plan author's words: what was expected, what was found, and
 * a suggestion for misspelt field names. A union that failed is reported
 * through the option the value evidently meant (an object for `{ run: … }`),
 * else as a type mismatch listing the accepted shapes.
 */
export function issuesToProblems(issues: readonly Issue[], source: IssueSource, problems: ProblemList): void {
  // A stack, last issue first, so that issues come out in order and a union's inner issues in its place.
  const pending: { issue: Issue; prefix: PathSegment[] }[] = issues.map((issue) => ({ issue, prefix: [] })).reverse();
  while (pending.length > 0) {
    const { issue, prefix } = pending.pop()!;
    const rel = [...prefix, ...issue.path.map((segment) => (typeof segment === 'symbol' ? String(segment) : segment))];
    const where = [...source.at, ...rel];
    const value = valueAt(source.raw, rel);
    const expectedText = issue.message.startsWith('expected ') ? issue.message.slice('expected '.length) : undefined;

    if ((issue.code === 'invalid_type' || issue.code === 'invalid_union') && value === undefined) {
      problems.error('INVALID_FIELD', source.doc, where, 'required field is missing');
      continue;
    }
    switch (issue.code) {
      case 'invalid_union': {
        const meant = issue.errors.filter((branch) => !isTypeMismatch(branch));
        if (meant.length > 0) {
          // The value has the shape of one option: report what is wrong inside it.
          const closest = meant.reduce((best, branch) => (branch.length < best.length ? branch : best));
          for (let i = closest.length - 1; i >= 0; i--) pending.push({ issue: closest[i]!, prefix: rel });
          continue;
        }
        const expected = expectedAt(source.schema, rel) ?? unionWords(issue.errors);
        problems.error('INVALID_FIELD', source.doc, where, 'wrong type', { expected, found: describeValue(value) });
        continue;
      }
      case 'invalid_type': {
        const expected = expectedText ?? expectedAt(source.schema, rel) ?? TYPE_WORDS[issue.expected] ?? issue.expected;
        problems.error('INVALID_FIELD', source.doc, where, 'wrong type', { expected, found: describeValue(value) });
        continue;
      }
      case 'unrecognized_keys': {
        const known = knownKeys(schemaAt(source.schema, rel));
        for (const key of issue.keys) {
          const suggestion = didYouMean(key, known);
          const details = suggestion !== undefined ? { suggestion } : { expected: `one of ${known.join(', ')}` };
          problems.error('INVALID_FIELD', source.doc, [...where, key], 'unknown field', { ...details, key: true });
        }
        continue;
      }
      case 'invalid_value': {
        const expected = expectedText ?? (issue.values.length === 1 ? String(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`);
        const found = describeValue(value);
        const suggestion = typeof value === 'string' ? didYouMean(value, issue.values.map(String)) : undefined;
        problems.error('INVALID_FIELD', source.doc, where, 'invalid value', suggestion === undefined ? { expected, found } : { expected, found, suggestion });
        continue;
      }
      case 'custom': {
        const params = (issue.params ?? {}) as { expected?: string };
        const details = params.expected === undefined ? { found: describeValue(value) } : { expected: params.expected, found: describeValue(value) };
        problems.error('INVALID_FIELD', source.doc, where, issue.message, details);
        continue;
      }
      case 'invalid_key':
        problems.error('INVALID_FIELD', source.doc, where, 'invalid name', { expected: 'a non-empty name', found: describeValue(rel.at(-1)), key: true });
        continue;
      case 'too_small':
      case 'too_big':
      case 'not_multiple_of':
      case 'invalid_format':
        problems.error('INVALID_FIELD', source.doc, where, 'invalid value', { expected: expectedText ?? boundWords(issue), found: describeValue(value) });
        continue;
      default:
        problems.error('INVALID_FIELD', source.doc, where, issue.message, { found: describeValue(value) });
    }
  }
}

/** True when a union option failed only because the value has another type altogether. */
function isTypeMismatch(branch: readonly Issue[]): boolean {
  const only = branch.length === 1 ? branch[0]! : undefined;
  if (only === undefined || only.path.length > 0) return false;
  return only.code === 'invalid_type' || (only.code === 'invalid_union' && only.errors.length > 0 && only.errors.every(isTypeMismatch));
}

function expectedAt(schema: z.ZodType, path: Path): string | undefined {
  for (const layer of schemaAt(schema, path)) {
    const text = EXPECTED_TEXT.get(layer);
    if (text !== undefined) return text;
  }
  return undefined;
}

function unionWords(branches: readonly (readonly Issue[])[]): string {
  const words = branches.map((branch) => {
    const first = branch[0];
    if (first?.code === 'invalid_union') return unionWords(first.errors);
    return first?.code === 'invalid_type' ? (TYPE_WORDS[first.expected] ?? first.expected) : 'another shape';
  });
  const unique = [...new Set(words)];
  return unique.length <= 1 ? (unique[0] ?? 'another value') : `${unique.slice(0, -1).join(', ')} or ${unique.at(-1)!}`;
}

function boundWords(issue: Issue): string {
  if (issue.code === 'too_small') {
    if (issue.origin === 'array') return `at least ${String(issue.minimum)} item(s)`;
    if (issue.origin === 'string') return 'a non-empty string';
    return `a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
  }
  if (issue.code === 'too_big') {
    if (issue.origin === 'array') return `at most ${String(issue.maximum)} item(s)`;
    return `a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
  }
  return 'a valid value';
}

/** The raw value at `path`, reading own properties only. */
export function valueAt(raw: unknown, path: Path): unknown {
  let value = raw;
  for (const segment of path) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}
