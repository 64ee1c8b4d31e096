/**
 * Building blocks of the input schemas. Each one validates a value and turns
 * it into its compiled form (durations into ms, commands into `CommandSpec`),
 * and says what it expects in words, for problems and for the JSON Schema.
 */
import { z } from 'zod';
import { parseDuration } from './parseDuration.js';
import { parseSize } from './parseSize.js';
import { PRIORITIES, STRATEGIES, type CommandSpec } from './types.js';
import { plainWords } from './plainWords.js';

/**
 * Messages of the form `expected …` become the `expected` part of a problem
 * (see `issuesToProblems`); everything else about an issue is derived there.
 */
export const expect = (what: string): string => `expected ${what}`;

/** What a schema expects, in words, where zod's type names would be unhelpful (`a string or a list`). */
export const EXPECTED_TEXT = new WeakMap<object, string>();

function expecting<T extends z.ZodType>(text: string, schema: T): T {
  EXPECTED_TEXT.set(schema, text);
  return schema;
}

const DURATION = 'a duration such as 250ms, 90s, 20m, 1.5h, 2 hours or 6-8h';
const SIZE = 'a size of at least 1MB, such as 256MB or 1GB';

function checkDuration(value: string | number, ctx: z.RefinementCtx): void {
  if (parseDuration(value) !== undefined) return;
  const text = String(value).trim();
  const bare = /^\d+(\.\d+)?$/.test(text);
  const message = bare ? `a number without a unit (write ${text}s, ${text}m or ${text}h)` : 'invalid duration';
  ctx.addIssue({ code: 'custom', message, params: { expected: DURATION } });
}

/** A duration (`20m`, `1.5h`, `6-8h`), compiled to ms. A bare number other than 0 asks for a unit. */
export const durationInput = expecting(
  DURATION,
  z
    .union([z.string(), z.number()])
    .superRefine(checkDuration)
    .transform((value) => parseDuration(value) ?? 0),
);

/** A time limit: a duration longer than 0 (a zero timeout would kill every attempt at once). */
export const timeoutInput = expecting(
  DURATION,
  durationInput.refine((ms) => ms > 0, { message: 'a time limit of 0', params: { expected: 'a duration longer than 0, such as 10m' } }),
);

function checkSize(value: string | number, ctx: z.RefinementCtx): void {
  const bytes = parseSize(value);
  if (bytes !== undefined && bytes >= 1024 * 1024) return;
  const message = typeof value === 'number' ? `a number without a unit (write ${value}MB)` : bytes === undefined ? 'invalid size' : 'too small';
  ctx.addIssue({ code: 'custom', message, params: { expected: SIZE } });
}

/** A memory size (`256MB`, `1GB`), compiled to whole MB. */
export const sizeInput = expecting(
  SIZE,
  z
    .union([z.string(), z.number()])
    .superRefine(checkSize)
    .transform((value) => Math.round((parseSize(value) ?? 0) / (1024 * 1024))),
);

export const positiveInt = z.int({ error: expect('a positive integer') }).min(1, { error: expect('a positive integer') });
export const nonNegativeInt = z.int({ error: expect('a non-negative integer') }).min(0, { error: expect('a non-negative integer') });

/**
 * The longest ticket id, in UTF-8 bytes. A ticket's files are named after its id (see
 * `fileKeyFor`), and a file name may have 255 bytes: longer ids would fail at run time.
 */
export const MAX_TICKET_ID_BYTES = 200;

const utf8 = new TextEncoder();

/** Ids that cannot work are refused here; odd but harmless ones (`a/b`, `a:b`, spaces, unicode) pass. */
function checkId(value: string | number, ctx: z.RefinementCtx): void {
  const refuse = (expected: string) => ctx.addIssue({ code: 'custom', message: 'invalid ticket id', params: { expected } });
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse('a non-empty ticket id such as SYS-015');
    return;
  }
  const id = value.trim();
  if (id === '') refuse('a non-empty ticket id such as SYS-015');
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  else if (/[\u0000-\u001f\u007f-\u009f]/.test(id)) refuse('a ticket id without control characters (newlines, tabs, escapes)');
  else {
    const bytes = utf8.encode(id).length;
    if (bytes > MAX_TICKET_ID_BYTES) refuse(`a ticket id of at most ${MAX_TICKET_ID_BYTES} bytes (this one has ${bytes})`);
  }
}

/** A ticket id: a string, or a number as YAML reads `42` (kept as text). */
export const idInput = expecting(
  'a ticket id',
  z
    .union([z.string(), z.number()])
    .superRefine(checkId)
    .transform((value) => String(value).trim()),
);

/**
 * A list of ticket ids. A single id and an empty YAML value (`depends_on:`)
 * are accepted too: templates leave such fields blank.
 */
export const idListInput = expecting(
  'a list of ticket ids',
  z.union([z.array(idInput), idInput, z.null()]).transform((value) => (value === null ? [] : Array.isArray(value) ? value : [value])),
);

/** A command: a shell string (run by `/bin/sh -c`) or an argv list (run directly). */
export const commandInput = expecting(
  'a command: a shell string or an argv list',
  z
    .union([
      z.string().min(1, { error: expect('a non-empty command') }),
      z.array(z.string()).min(1, { error: expect('a non-empty argv list') }),
    ])
    .transform((value): CommandSpec => (typeof value === 'string' ? { shell: value } : { argv: value })),
);

const lowerCase = (value: unknown): unknown => (typeof value === 'string' ? value.trim().toLowerCase() : value);

/**
 * Priorities as registries write them: `P0`–`P3` and Beads' `0`–`4` (0 is the most urgent),
 * `urgent`, `normal`, `minor`; emoji and decoration around the word are ignored
 * (`"🔴 HIGH"`, `"🔥 CRITICAL"`).
 */
const PRIORITY_SPELLINGS: ReadonlyMap<string, (typeof PRIORITIES)[number]> = new Map([
  ['critical', 'critical'], ['urgent', 'critical'], ['highest', 'critical'], ['blocker', 'critical'], ['p0', 'critical'], ['0', 'critical'],
  ['high', 'high'], ['p1', 'high'], ['1', 'high'], ['major', 'high'],
  ['medium', 'medium'], ['normal', 'medium'], ['moderate', 'medium'], ['p2', 'medium'], ['2', 'medium'],
  ['low', 'low'], ['lowest', 'low'], ['minor', 'low'], ['trivial', 'low'], ['p3', 'low'], ['3', 'low'], ['p4', 'low'], ['4', 'low'],
]);

function readPriority(value: unknown): unknown {
  if (typeof value === 'number') return PRIORITY_SPELLINGS.get(String(value)) ?? value;
  if (typeof value !== 'string') return value;
  const words = plainWords(value);
  return PRIORITY_SPELLINGS.get(words) ?? PRIORITY_SPELLINGS.get(words.split('-')[0] ?? '') ?? value.trim().toLowerCase();
}

/** `critical | high | medium | low`, any case (the seed writes `CRITICAL`), in the spellings above. */
export const priorityInput = z.preprocess(readPriority, z.enum(PRIORITIES));

/** `maximum | balanced | sequential | critical-path`, any case. */
export const strategyInput = z.preprocess(lowerCase, z.enum(STRATEGIES));

/** Environment variables; YAML numbers and booleans (`PORT: 8080`) become their text. */
export const envInput = z
  .record(z.string(), expecting('a string', z.union([z.string(), z.number(), z.boolean()])))
  .transform((env) => Object.fromEntries(Object.entries(env).map(([name, value]) => [name, String(value)])));

/** A group name; YAML numbers (`group_id: 1`) become their text. */
export const groupInput = expecting('a group name or number', z.union([z.string(), z.number()]).transform(String));

/** A list of strings, or one string. */
export const stringListInput = expecting(
  'a list of strings',
  z
    .union([z.array(z.string().min(1, { error: expect('a non-empty string') })), z.string().min(1, { error: expect('a non-empty string') })])
    .transform((value) => (Array.isArray(value) ? value : [value])),
);
