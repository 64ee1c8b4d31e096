/**
 * The seed's execution plan (SEED-WORLD.md section 2): `execution_plan:` with
 * groups of registry tickets and declared conflicts. Loose like the seed
 * (unknown keys and informational fields pass), but the fields that decide
 * what runs are checked. The native `agents`, `routing`, `resources` and
 * `defaults` may sit beside it, which is how a seed plan gets its commands.
 */
import { z } from 'zod';
import { agentSchema, defaultsSchema } from './planSchema.js';
import { groupInput, idListInput, positiveInt, strategyInput } from './schemaParts.js';

export const seedGroupSchema = z.looseObject({
  group_id: groupInput.nullish().describe('Group name or number. Default: its position, from 1.'),
  tickets: idListInput.describe('The tickets of the group.'),
});

export const seedConflictSchema = z.looseObject({
  type: z.string().nullish().describe('file_conflict | resource_conflict.'),
  tickets: idListInput.describe('Tickets that must never run at the same time.'),
});

export const executionPlanSchema = z.looseObject({
  metadata: z.looseObject({ strategy: strategyInput.nullish() }).nullish().describe('generated, strategy, total_tickets, …'),
  registry: z.string().min(1).nullish().describe("Folder of the tickets, relative to the plan's directory."),
  strategy: strategyInput.nullish(),
  execution_strategy: strategyInput.nullish(),
  conflicts: z.array(seedConflictSchema).nullish().describe('Declared conflicts; each becomes a never-together constraint.'),
  parallel_groups: z.array(seedGroupSchema).nullish().describe('The groups; only their tickets run.'),
  groups: z.array(seedGroupSchema).nullish().describe('Spelling variant of parallel_groups.'),
});

export const seedPlanSchema = z.looseObject({
  execution_plan: executionPlanSchema,
  name: z.string().min(1).nullish(),
  strategy: strategyInput.nullish(),
  execution_strategy: strategyInput.nullish(),
  registry: z.string().min(1).nullish(),
  agents: z.record(z.string().min(1), agentSchema).optional(),
  routing: z.record(z.string().min(1), z.string().min(1)).optional(),
  resources: z.record(z.string().min(1), positiveInt).optional(),
  defaults: defaultsSchema,
});

export type ParsedSeedPlan = z.output<typeof seedPlanSchema>;
