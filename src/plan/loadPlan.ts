import { stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import type { CompileContext } from './CompileContext.js';
import { checkStrategy, compileRaw, planNameFrom } from './compilePlan.js';
import { compileNativePlan } from './compileNativePlan.js';
import { parseYamlSource } from './parseYamlSource.js';
import { ProblemList } from './ProblemList.js';
import { describeFsError, readSourceFile } from './readSourceFile.js';
import { memorySourceDoc } from './SourceDoc.js';
import type { CompiledPlan, Loaded, Strategy } from './types.js';

/** Options of {@link loadPlan}. */
export interface LoadPlanOptions {
  /** Replaces the plan's strategy (`--strategy`). */
  strategy?: Strategy;
  /** Replaces agent counts by agent type (`--agents shell=8`); an unknown type is a problem. */
  agents?: Record<string, number>;
  /**
   * For a folder of tickets only: the directory their commands run in, which
   * a folder does not say.
   * @default process.cwd()
   */
  baseDir?: string;
}

/**
 * Loads and compiles a plan from `path`, which may be
 *  - a native plan YAML file (DESIGN.md "The plan format"),
 *  - a seed `execution_plan:` YAML file (its tickets come from a registry),
 *  - a folder of markdown tickets, run with the default agents
 *    (`shell`, one per CPU; tickets need `run:`).
 * Relative paths in a file resolve against the file's directory. Never
 * throws on bad input: every problem comes back located (`plan.yaml:14:7`).
 *
 * @example
 * const loaded = await loadPlan('release.yaml', { strategy: 'critical-path' });
 * if (!loaded.ok) { for (const p of loaded.problems) console.error(formatProblem(p, { cwd: process.cwd() })); process.exitCode = 2; }
 */
export async function loadPlan(path: string, options: LoadPlanOptions = {}): Promise<Loaded<CompiledPlan>> {
  const file = resolve(path);
  const problems = new ProblemList();
  const strategy = checkStrategy(options.strategy, problems, file);
  let isFolder: boolean;
  try {
    isFolder = (await stat(file)).isDirectory();
  } catch (error) {
    problems.error('FILE_NOT_FOUND', memorySourceDoc(file), [], describeFsError(error));
    return problems.result<CompiledPlan>(undefined);
  }
  if (isFolder) {
    const context: CompileContext = {
      doc: memorySourceDoc(file),
      baseDir: resolve(options.baseDir ?? process.cwd()),
      defaultName: basename(file),
      strategy,
      agents: options.agents,
    };
    return problems.result(compileNativePlan({ registry: file }, context, problems));
  }
  if (/\.md$/i.test(file)) {
    problems.error('INVALID_FIELD', memorySourceDoc(file), [], 'a single markdown ticket is not a plan: give its folder, or a plan whose `registry` holds it');
    return problems.result<CompiledPlan>(undefined);
  }
  const text = readSourceFile(file, problems);
  if (text === undefined) return problems.result<CompiledPlan>(undefined);
  const source = parseYamlSource(text, file, problems);
  if (source === undefined) return problems.result<CompiledPlan>(undefined);
  const context: CompileContext = { doc: source.doc, baseDir: dirname(file), defaultName: planNameFrom(file), strategy, agents: options.agents };
  return problems.result(compileRaw(source.value, context, problems));
}
