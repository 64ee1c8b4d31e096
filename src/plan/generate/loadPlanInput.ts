import { stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { compileSettings, assemblePlan } from '../compileSettings.js';
import { linkTickets } from '../linkTickets.js';
import { loadPlan } from '../loadPlan.js';
import { parseYamlSource } from '../parseYamlSource.js';
import { planSchema } from '../planSchema.js';
import { ProblemList } from '../ProblemList.js';
import { describeFsError, readSourceFile } from '../readSourceFile.js';
import { scanTicketFolder } from '../scanTicketFolder.js';
import { memorySourceDoc } from '../SourceDoc.js';
import type { CompiledPlan, Loaded } from '../types.js';
import { folderSettings } from './folderSettings.js';
import { rebaseAgents, rebasePath } from './rebaseAgents.js';
import type { OutputSettings, PlanInput } from './types.js';

/** Options of {@link loadPlanInput}. */
export interface LoadPlanInputOptions {
  /** Absolute folder the generated plan goes to: a folder's tickets are compiled to run there, and paths are rebased onto it. */
  outputDir: string;
  /**
   * For a bare folder: what its agents run, from `--agent-command` (see
   * `splitCommand`). A relative program (`./agents/run.sh`) is relative to `cwd`.
   * @default none: the agent types are written without a `command`
   */
  agentCommand?: readonly string[] | string;
  /** The directory relative command paths were typed in. @default process.cwd() */
  cwd?: string;
}

/** Stands in for a missing `--agent-command` while the folder is compiled, so that analysis sees every ticket as runnable. */
const PLACEHOLDER_COMMAND = ['true'];

/**
 * Loads what `tpe plan` plans from: a registry folder of markdown tickets,
 * or a plan file (native with a `registry`, or the seed's `execution_plan`),
 * through the same compiler as `tpe run`, with every problem located. Also
 * returns the native settings to write beside the generated `execution_plan`
 * (see {@link OutputSettings}). Tickets written inline in a native plan are
 * refused: the seed's format lists registry tickets by id and has nowhere to
 * carry them.
 */
export async function loadPlanInput(target: string, options: LoadPlanInputOptions): Promise<Loaded<PlanInput>> {
  const problems = new ProblemList();
  let isFolder: boolean;
  try {
    isFolder = (await stat(target)).isDirectory();
  } catch (error) {
    problems.error('FILE_NOT_FOUND', memorySourceDoc(target), [], describeFsError(error));
    return problems.result<PlanInput>(undefined);
  }
  return isFolder ? loadFolder(target, options, problems) : loadPlanFile(target, options, problems);
}

function loadFolder(folder: string, options: LoadPlanInputOptions, problems: ProblemList): Loaded<PlanInput> {
  const doc = memorySourceDoc(folder);
  const drafts = scanTicketFolder(folder, problems).map((t) => t.draft);
  let command = options.agentCommand;
  if (Array.isArray(command) && /^\.\.?\//.test(command[0] ?? '')) {
    command = [rebasePath(command[0]!, options.cwd ?? process.cwd(), options.outputDir), ...command.slice(1)];
  }
  const settings = folderSettings(drafts, command);
  const compileWith = settings.commandless
    ? Object.fromEntries(Object.entries(settings.agents!).map(([name, agent]) => [name, { ...(agent as object), command: PLACEHOLDER_COMMAND }]))
    : settings.agents;
  // Built by the schema, so that defaults come out exactly as a plan file's would.
  const parsed = planSchema.safeParse({ agents: compileWith, defaults: settings.defaults });
  if (!parsed.success) throw new Error(`internal: generated folder settings do not parse: ${parsed.error.message}`);
  const plan = parsed.data;
  const compiled = compileSettings(plan, { doc, at: [], baseDir: options.outputDir, overrides: undefined }, problems);
  const tickets = linkTickets(
    {
      drafts,
      agents: compiled.agents,
      resources: compiled.resources,
      defaults: { timeoutMs: plan.defaults.timeout, retries: plan.defaults.retries, backoffMs: plan.defaults.backoff },
      baseDir: options.outputDir,
      planDoc: doc,
      agentsPath: ['agents'],
    },
    problems,
  );
  const value: CompiledPlan = assemblePlan(compiled, tickets, { name: 'execution-plan', file: folder, baseDir: options.outputDir, strategy: 'balanced', registry: folder });
  const needCommand = settings.commandless ? new Set(drafts.filter((d) => d.run === undefined).map((d) => d.id.toLowerCase())) : undefined;
  return problems.result<PlanInput>({ kind: 'folder', plan: value, registryDir: folder, source: folder, settings, ...(needCommand ? { needCommand } : {}) });
}

async function loadPlanFile(file: string, options: LoadPlanInputOptions, problems: ProblemList): Promise<Loaded<PlanInput>> {
  const loaded = await loadPlan(file);
  if (!loaded.ok) return loaded;
  const plan = loaded.value;
  problems.warnings.push(...loaded.warnings);

  // Tickets written in the plan itself travel with it, verbatim, beside `execution_plan:`
  // (the seed reader takes them there). Their relative paths (cwd, commands) mean the
  // same only in the same folder: a plan with inline tickets is written beside its source.
  const inline = plan.tickets.filter((t) => t.file === undefined);
  if (inline.length > 0 && resolve(options.outputDir) !== dirname(file)) {
    const first = inline[0]!;
    problems.error(
      'INVALID_FIELD',
      { file: first.source.file, locate: () => first.source },
      [],
      `${inline.length} ticket(s) are written in this plan: write the execution plan in the same folder (${dirname(file)}), where their relative paths keep their meaning`,
    );
    return problems.result<PlanInput>(undefined);
  }
  if (plan.registryDir === undefined && inline.length === 0) {
    problems.error('NOTHING_TO_RUN', memorySourceDoc(file), [], 'the plan has no tickets and no `registry`: nothing to plan');
    return problems.result<PlanInput>(undefined);
  }

  // The settings as the author wrote them (durations, counts, comments aside), not as compiled.
  const text = readSourceFile(file, problems);
  const source = text === undefined ? undefined : parseYamlSource(text, file, problems);
  if (source === undefined) return problems.result<PlanInput>(undefined);
  const raw = source.value as Record<string, unknown>;
  const settings: OutputSettings = {};
  const mapping = (key: string): Record<string, unknown> | undefined => {
    const value = raw[key];
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  };
  if (typeof raw.name === 'string') settings.name = raw.name;
  const agents = mapping('agents');
  // Without `agents`, the plan runs the default `shell` pool; written out, so that the count is the one planned with.
  settings.agents = agents
    ? rebaseAgents(agents, dirname(file), options.outputDir)
    : Object.fromEntries(plan.agents.map((a) => [a.name, { count: a.count, executor: a.executor }]));
  for (const key of ['routing', 'resources', 'defaults'] as const) {
    const value = mapping(key);
    if (value) settings[key] = value;
  }
  if (inline.length > 0 && Array.isArray(raw.tickets)) settings.tickets = raw.tickets as unknown[];
  return problems.result<PlanInput>({ kind: 'plan', plan, ...(plan.registryDir !== undefined ? { registryDir: plan.registryDir } : {}), source: file, settings });
}
