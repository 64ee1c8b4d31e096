/**
 * `tpe viz [plan]`: pictures. A plan's ticket DAG (tickets coloured by agent
 * type, the critical path in red), or with `--machine` one of the engine's
 * statecharts, as SVG (laid out offline by Graphviz in WebAssembly), Graphviz
 * DOT or Mermaid. Output goes to stdout unless `-o` names a file, whose
 * extension also chooses the format.
 */
import { writeFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { toDot } from '../../machines/toDot.js';
import { loadPlan } from '../../plan/index.js';
import { MACHINE_DIAGRAMS, MACHINE_NAMES, machineMermaid, machineSvg, type MachineName } from '../../runtime/viz/machineDiagrams.js';
import { exceedsSvgLimits, PLAN_SVG_LIMITS, planDagSvg, planSize, type PlanSize } from '../../runtime/viz/planDagSvg.js';
import { planDot } from '../../runtime/viz/planDot.js';
import { planMermaid } from '../../runtime/viz/planMermaid.js';
import type { CliIO, OutStream } from '../io.js';
import { printProblems } from '../printProblems.js';
import { styleFor } from '../render/style.js';

export const VIZ_FORMATS = ['svg', 'dot', 'mermaid'] as const;
export type VizFormat = (typeof VIZ_FORMATS)[number];
/** The end of `tpe viz --help`, after the examples: what the SVG offers a page, the size limit, exit codes. */
export const VIZ_HELP = [
  '',
  'In the SVG, tickets are #ticket-<ID> (classes: ticket, type-<agent>, and critical',
  'on the critical path) and states #state-<dotted.path>, for pages that style them.',
  `Plans above ${PLAN_SVG_LIMITS.tickets.toLocaleString('en-US')} tickets or ${PLAN_SVG_LIMITS.dependencies.toLocaleString('en-US')} dependencies are refused as SVG:`,
  'use --format dot and a native Graphviz.',
  'Exit codes: 0 drawn, 2 bad input or a plan too large for SVG.',
  '',
].join('\n');

/** The statecharts `--machine` draws. */
export const VIZ_MACHINES: readonly MachineName[] = MACHINE_NAMES;

export interface VizCliOptions {
  /** `svg`, `dot` or `mermaid`. @default the output file's extension, else svg */
  format?: VizFormat;
  /** Where to write; `-` or none: stdout. */
  output?: string;
  /** Draw this statechart instead of a plan. */
  machine?: MachineName;
}

export interface VizDeps {
  /** A layout still running after this long shows its elapsed time on stderr. @default 1000 */
  progressAfterMs?: number;
}

const EXTENSIONS: Readonly<Record<string, VizFormat>> = { '.svg': 'svg', '.dot': 'dot', '.gv': 'dot', '.mmd': 'mermaid', '.mermaid': 'mermaid' };

/** Exit 0, or 2 for bad input (located plan problems, a plan too large for SVG, bad flags). */
export async function vizCommand(target: string | undefined, opts: VizCliOptions, io: CliIO, deps: VizDeps = {}): Promise<number> {
  const format = formatOf(opts);
  if (opts.machine !== undefined) {
    if (target !== undefined) throw new UsageError(`a plan (${target}) and --machine ${opts.machine}: draw one or the other`);
    return emit(io, opts.output, await machinePicture(opts.machine, format));
  }
  if (target === undefined) throw new UsageError(`name a plan file or ticket folder, or --machine ${VIZ_MACHINES.join('|')}`);

  const style = styleFor(io.stderr, io.env);
  const loaded = await loadPlan(resolve(io.cwd, target), { baseDir: io.cwd });
  if (!loaded.ok) {
    printProblems(io.stderr, loaded.problems, style, { cwd: io.cwd });
    return 2;
  }
  const plan = loaded.value;
  if (format === 'dot') return emit(io, opts.output, planDot(plan));
  if (format === 'mermaid') return emit(io, opts.output, planMermaid(plan));

  const size = planSize(plan);
  if (exceedsSvgLimits(size)) {
    io.stderr.write(`${style.red('error')} ${tooLargeMessage(target, size)}\n`);
    return 2;
  }
  const result = await withProgress(io.stderr, describe(size), deps.progressAfterMs ?? 1000, () => planDagSvg(plan));
  // Sizes were checked above with the same limits: a refusal here would be a bug.
  if (!result.ok) throw new Error('planDagSvg refused a plan within its limits');
  return emit(io, opts.output, result.svg);
}

/** `--format`, else the output file's extension, else svg. */
function formatOf(opts: VizCliOptions): VizFormat {
  if (opts.format !== undefined) return opts.format;
  if (opts.output === undefined || opts.output === '-') return 'svg';
  const ext = extname(opts.output).toLowerCase();
  if (ext === '') return 'svg';
  const format = EXTENSIONS[ext];
  if (format === undefined) {
    throw new UsageError(`cannot tell a format from "${opts.output}": name it .svg, .dot, .gv or .mmd, or give --format ${VIZ_FORMATS.join('|')}`);
  }
  return format;
}

async function machinePicture(name: MachineName, format: VizFormat): Promise<string> {
  if (format === 'svg') return machineSvg(name);
  return format === 'dot' ? toDot(MACHINE_DIAGRAMS[name].machine) : machineMermaid(name);
}

function emit(io: CliIO, output: string | undefined, text: string): number {
  if (output === undefined || output === '-') {
    io.stdout.write(text);
    return 0;
  }
  const file = resolve(io.cwd, output);
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new UsageError(`cannot write ${output}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  io.stdout.write(`${file}\n`);
  return 0;
}

const count = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
const describe = (size: PlanSize) => `${count(size.tickets, 'ticket', 'tickets')} and ${count(size.dependencies, 'dependency', 'dependencies')}`;

export function tooLargeMessage(target: string, size: PlanSize): string {
  const base = target.replace(/\/+$/, '').replace(/\.(ya?ml)$/i, '');
  return [
    `${target} has ${describe(size)}: too many to lay out as SVG here (the limit is ${describe(PLAN_SVG_LIMITS)};`,
    `Graphviz compiled to WebAssembly would take minutes, and the picture would be unreadable).`,
    `Write DOT instead (--format dot) and lay it out with a native Graphviz, or write Mermaid (--format mermaid):`,
    `  tpe viz ${target} --format dot -o ${base}.dot && dot -Tsvg ${base}.dot -o ${base}.svg`,
  ].join('\n');
}

/**
 * Runs a layout; if it is still running after `afterMs`, says so on stderr:
 * the elapsed time, redrawn every second on a terminal, else one line (a log
 * wants no redraws). Graphviz reports no progress of its own.
 */
async function withProgress<T>(err: OutStream, what: string, afterMs: number, work: () => Promise<T>): Promise<T> {
  const started = Date.now();
  let shown = false;
  let ticker: NodeJS.Timeout | undefined;
  const line = () => `laying out ${what} with Graphviz… ${Math.round((Date.now() - started) / 1000)}s`;
  const timer = setTimeout(() => {
    shown = true;
    if (err.isTTY) {
      err.write(`\r${line()}`);
      ticker = setInterval(() => err.write(`\r${line()}`), 1000);
    } else {
      err.write(`laying out ${what} with Graphviz (this can take a while)…\n`);
    }
  }, afterMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    clearInterval(ticker);
    if (shown && err.isTTY) err.write(`\r${' '.repeat(line().length + 2)}\r`);
    else if (shown) err.write(`laid out in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  }
}
