/** `tpe schema`: the plan format as JSON Schema, for editor completion and validation. */
import { planJsonSchema } from '../../plan/index.js';
import type { CliIO } from '../io.js';

export function schemaCommand(io: CliIO): number {
  io.stdout.write(`${JSON.stringify(planJsonSchema(), null, 2)}\n`);
  return 0;
}
