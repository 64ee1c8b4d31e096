/**
 * `tpe plan <tickets-folder|plan>` (aliases `generate-execution-plan`,
 * `analyze-dependencies --generate-plan`): writes the seed's `execution_plan`
 * YAML that `tpe run` executes as written; with `--validate-plan <file>`,
 * checks an edited one instead. Exit 0 when done or clean, 2 on bad input or
 * problems found.
 */
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { formatDuration, formatProblem, loadPlan, PRIORITIES, type Priority } from '../../plan/index.js';
import { generateExecutionPlan, loadPlanInput, SCOPES, splitCommand, validateExecutionPlan, type Scope, type Simulate } from '../../plan/generate/index.js';
import type { PlanProblem, Strategy } from '../../plan/types.js';
import { simulatePlan } from '../../runtime/simulatePlan.js';
import type { CliIO } from '../io.js';
import { parseAgents } from '../parseAgents.js';
import { printProblems } from '../printProblems.js';
import { styleFor, type Style } from '../render/style.js';

/** The flags of `tpe plan`, as commander gives them. */
export interface PlanCliOptions {
  /** `maximum | balanced | sequential | critical-path`. @default the input plan's, `balanced` for a folder */
  strategy?: Strategy;
  /** `--agents N` (every agent type) or `--agents type=N,…` (repeatable). */
  agents?: string | string[];
  /** `pending` or `all`. @default 'pending' */
  scope?: string;
  /** `--category system,documentation` (repeatable). */
  category?: string | string[];
  /** `--priority critical,high` (repeatable). */
  priority?: string | string[];
  /** Write the plan here instead of stdout. */
  output?: string;
  /** For a bare folder: what its agents run, e.g. `"claude -p"`. */
  agentCommand?: string;
  /** Check this edited plan instead of generating one. */
  validatePlan?: string;
  /** With `--validate-plan`: the result as JSON on stdout. */
  json?: boolean;
  /** false (`--no-color`). */
  color?: boolean;
}

/** A command-line mistake: said on stderr, exit 2. */
class PlanUsage extends Error {}

export async function planCommand(target: string | undefined, opts: PlanCliOptions, io: CliIO): Promise<number> {
  const style = styleFor(io.stderr, io.env, opts.color === false);
  try {
    if (opts.validatePlan !== undefined) return await validate(resolve(io.cwd, opts.validatePlan), opts, io, style);
    if (target === undefined) throw new PlanUsage('give a tickets folder or a plan to plan from (or --validate-plan <file>)');
    return await generate(target, opts, io, style);
  } catch (error) {
    if (!(error instanceof PlanUsage)) throw error;
    io.stderr.write(`${style.red('error')} ${error.message}\n`);
    return 2;
  }
}

async function generate(target: string, opts: PlanCliOptions, io: CliIO, style: Style): Promise<number> {
  const scope = parseScope(opts.scope);
  const categories = list(opts.category);
  const priorities = parsePriorities(list(opts.priority));
  const agents = parseAgentCount(opts.agents);
  let agentCommand: string[] | string | undefined;
  if (opts.agentCommand !== undefined) {
    agentCommand = splitCommand(opts.agentCommand);
    if (agentCommand === undefined) throw new PlanUsage(`--agent-command "${opts.agentCommand}": expected a command, e.g. --agent-command "claude -p"`);
  }
  const generated = generatedAt(io.env);
  const output = opts.output === undefined ? undefined : resolve(io.cwd, opts.output);
  const outputDir = output === undefined ? io.cwd : dirname(output);
  const source = resolve(io.cwd, target);

  const loaded = await loadPlanInput(source, { outputDir, cwd: io.cwd, ...(agentCommand !== undefined ? { agentCommand } : {}) });
  if (!loaded.ok) return refuse(loaded.problems, io, style);
  if (loaded.warnings.length > 0) printProblems(io.stderr, loaded.warnings, style, { kind: 'warning', cwd: io.cwd });
  const input = loaded.value;
  const result = await generateExecutionPlan(
    input,
    {
      generated: generated ?? newestModification(input.source, input.plan.tickets.map((t) => t.file)),
      outputDir,
      ...(output === undefined ? {} : { outputName: shown(io.cwd, output) }),
      inputName: shown(io.cwd, source) + (input.kind === 'folder' ? '/' : ''),
      scope,
      ...(opts.strategy ? { strategy: opts.strategy } : {}),
      ...(categories ? { categories } : {}),
      ...(priorities ? { priorities } : {}),
      ...(agents !== undefined ? { agents } : {}),
    },
    simulate,
  );
  if (!result.ok) return refuse(result.problems, io, style);
  const plan = result.value;
  if (output === undefined) {
    io.stdout.write(plan.text);
    return 0;
  }
  try {
    mkdirSync(dirname(output), { recursive: true });
    writeFileSync(output, plan.text);
  } catch (error) {
    throw new PlanUsage(`--output ${shown(io.cwd, output)}: cannot write it (${(error as Error).message})`);
  }
  io.stderr.write(`Wrote ${shown(io.cwd, output)}: ${plan.tickets} tickets in ${plan.groups} groups, predicted makespan ${formatDuration(plan.makespanMs)}. Run it with: tpe run ${shown(io.cwd, output)}\n`);
  return 0;
}

async function validate(file: string, opts: PlanCliOptions, io: CliIO, style: Style): Promise<number> {
  if (isFolder(file)) throw new PlanUsage(`--validate-plan ${shown(io.cwd, file)}: a folder; give the plan file to check (for a ticket folder, use \`tpe check\`)`);
  const overrides = parseAgentCount(opts.agents);
  const loaded = await loadPlan(file, { baseDir: io.cwd, ...(opts.strategy ? { strategy: opts.strategy } : {}), ...(typeof overrides === 'object' ? { agents: { ...overrides } } : {}) });
  let problems: readonly PlanProblem[] = loaded.ok ? [] : loaded.problems;
  const warnings = loaded.ok ? loaded.warnings : [];
  if (loaded.ok) {
    const plan = typeof overrides === 'number' ? { ...loaded.value, agents: loaded.value.agents.map((a) => ({ ...a, count: overrides })) } : loaded.value;
    problems = validateExecutionPlan(plan, readFileSync(file, 'utf8').replace(/^\uFEFF/, ''));
  }
  if (opts.json) {
    const located = (p: PlanProblem) => ({ ...p, text: formatProblem(p, { cwd: io.cwd }) });
    io.stdout.write(`${JSON.stringify({ ok: problems.length === 0, problems: problems.map(located), warnings: warnings.map(located) }, null, 2)}\n`);
    return problems.length === 0 ? 0 : 2;
  }
  if (warnings.length > 0) printProblems(io.stderr, warnings, style, { kind: 'warning', cwd: io.cwd });
  if (problems.length > 0) {
    for (const p of problems) io.stderr.write(`${style.red('error')} ${formatProblem(p, { cwd: io.cwd })}\n`);
    io.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found.\n`);
    return 2;
  }
  const plan = loaded.ok ? loaded.value : undefined;
  io.stdout.write(`${shown(io.cwd, file)}: ${plan?.tickets.length ?? 0} tickets: no problems found.\n`);
  return 0;
}

/** Every problem, located, then a count; exit 2. */
function refuse(problems: readonly PlanProblem[], io: CliIO, style: Style): number {
  for (const p of problems) io.stderr.write(`${style.red('error')} ${formatProblem(p, { cwd: io.cwd })}\n`);
  io.stderr.write(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; no plan was written.\n`);
  return 2;
}

/** The real engine on a virtual clock (see `simulatePlan`). */
const simulate: Simulate = async (plan, options) => {
  const result = await simulatePlan(plan, { ...(options.agents ? { agents: options.agents } : {}), ...(options.analysis ? { analysis: options.analysis } : {}) });
  const start = new Map(result.tickets.map((t) => [t.id, t.start]));
  return { makespanMs: result.makespanMs, agents: result.agents, startMs: plan.tickets.map((t) => start.get(t.id)) };
};

/**
 * `metadata.generated`: SOURCE_DATE_EPOCH when set (the reproducible-builds
 * convention: seconds since the epoch), else `undefined` (then the newest
 * input file's time, so that the same files give the same bytes).
 */
function generatedAt(env: NodeJS.ProcessEnv): string | undefined {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch === undefined || epoch === '') return undefined;
  if (!/^\d+$/.test(epoch.trim())) throw new PlanUsage(`SOURCE_DATE_EPOCH="${epoch}": expected whole seconds since 1970-01-01`);
  return isoSeconds(Number(epoch.trim()) * 1000);
}

function newestModification(source: string, files: readonly (string | undefined)[]): string {
  let newest = 0;
  for (const file of [source, ...files]) {
    if (file === undefined) continue;
    try {
      newest = Math.max(newest, statSync(file).mtimeMs);
    } catch {
      // Gone since it was read: the others still date the input.
    }
  }
  return isoSeconds(newest);
}

function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function parseScope(value: string | undefined): Scope {
  if (value === undefined) return 'pending';
  const lower = value.trim().toLowerCase();
  if ((SCOPES as readonly string[]).includes(lower)) return lower as Scope;
  throw new PlanUsage(`--scope "${value}": expected one of ${SCOPES.join(', ')}`);
}

function parsePriorities(values: string[] | undefined): Priority[] | undefined {
  if (values === undefined) return undefined;
  return values.map((value) => {
    const lower = value.toLowerCase();
    if (!(PRIORITIES as readonly string[]).includes(lower)) throw new PlanUsage(`--priority "${value}": expected ${PRIORITIES.join(', ')} (comma-separated)`);
    return lower as Priority;
  });
}

/** `--agents 4` is 4 of every type; `--agents shell=4,compute=2` sets types. */
function parseAgentCount(value: string | string[] | undefined): number | Record<string, number> | undefined {
  const values = value === undefined ? [] : [value].flat();
  if (values.length === 0) return undefined;
  if (values.length === 1 && /^\s*\d+\s*$/.test(values[0]!)) {
    const count = Number(values[0]);
    if (count < 1) throw new PlanUsage(`--agents ${values[0]}: expected at least 1`);
    return count;
  }
  try {
    return parseAgents(values);
  } catch (error) {
    throw new PlanUsage(`${(error as Error).message} (or a number: that many agents of every type)`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `a,b` and repeated flags as one list; `undefined` when not given. */
function list(value: string | string[] | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = [value].flat().flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
  return items.length === 0 ? undefined : items;
}

/** A path as the user would type it from `cwd`. */
function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel === '' ? basename(path) : rel.split('\\').join('/');
}
