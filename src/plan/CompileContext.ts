import type { SourceDoc } from './SourceDoc.js';
import type { Strategy } from './types.js';

/** What every compilation needs besides the raw plan. */
export interface CompileContext {
  /** The plan's source, to locate problems in it. */
  doc: SourceDoc;
  /** Absolute directory relative paths resolve against. */
  baseDir: string;
  /** Plan name when the plan gives none (the file name without its extension). */
  defaultName: string;
  /** `--strategy`: replaces the plan's strategy. */
  strategy?: Strategy | undefined;
  /** `--agents shell=8`: replaces agent counts. */
  agents?: Readonly<Record<string, number>> | undefined;
}
