import { z } from 'zod';
import { planSchema } from './planSchema.js';

/**
 * The native plan format as a JSON Schema (draft 2020-12), derived from
 * `planSchema`, for editors and `tpe schema > plan.schema.json`. It describes
 * the input side: durations are strings such as `20m`, not milliseconds.
 */
export function planJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(planSchema, { io: 'input', unrepresentable: 'any' }),
    title: 'tpe plan',
  };
}
