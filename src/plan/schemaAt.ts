import type { z } from 'zod';
import type { Path } from './formatPath.js';

/** The parts of zod's internal definition this module reads. */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  valueType?: z.ZodType;
  options?: readonly z.ZodType[];
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
}
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'nonoptional', 'catch']);

/**
 * Every schema layer found at `path` in `root`, outermost first (an
 * `.optional()` wrapper, the pipe of a transform, the union inside …), or an
 * empty list when the path leaves the schema. Unions are entered through the
 * first option that has the next segment. Iterative and cycle-free, since
 * our schemas are not recursive.
 */
export function schemaAt(root: z.ZodType, path: Path): z.ZodType[] {
  let layers = unwrap(root);
  for (const segment of path) {
    const next = layers.flatMap((layer) => childOf(layer, segment)).at(0);
    if (next === undefined) return [];
    layers = unwrap(next);
  }
  return layers;
}

/** The field names an object schema at this position accepts (for "did you mean"). */
export function knownKeys(layers: readonly z.ZodType[]): string[] {
  const keys = new Set<string>();
  for (const layer of layers) {
    const def = defOf(layer);
    if (def.shape) Object.keys(def.shape).forEach((key) => keys.add(key));
    // A union that accepts a mapping: the fields of its object options.
    if (def.type === 'union' && def.options) knownKeys(def.options.flatMap(unwrap)).forEach((key) => keys.add(key));
  }
  return [...keys];
}

function unwrap(schema: z.ZodType): z.ZodType[] {
  const layers: z.ZodType[] = [];
  let current: z.ZodType | undefined = schema;
  while (current !== undefined && layers.length < 32) {
    layers.push(current);
    const def = defOf(current);
    if (WRAPPERS.has(def.type)) current = def.innerType;
    // A transform's input side is its `in`; a preprocess's is its `out`.
    else if (def.type === 'pipe') current = def.in && defOf(def.in).type !== 'transform' ? def.in : def.out;
    else current = undefined;
  }
  return layers;
}

function childOf(layer: z.ZodType, segment: string | number): z.ZodType[] {
  const def = defOf(layer);
  if (def.type === 'object' && typeof segment === 'string' && def.shape && Object.hasOwn(def.shape, segment)) return [def.shape[segment]!];
  if (def.type === 'array' && typeof segment === 'number' && def.element) return [def.element];
  if (def.type === 'record' && typeof segment === 'string' && def.valueType) return [def.valueType];
  if (def.type === 'union' && def.options) return def.options.flatMap((option) => unwrap(option).flatMap((inner) => childOf(inner, segment)));
  return [];
}
