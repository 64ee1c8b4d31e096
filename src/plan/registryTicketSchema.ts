/**
 * The frontmatter of a seed ticket. Loose on purpose: unknown keys are kept
 * (the seed carries `created`, `actual_effort`, … through), blank values
 * (`status:`) mean absent, and every spelling SEED-WORLD.md lists is accepted.
 */
import { z } from 'zod';
import { EXECUTION_STRATEGIES } from './registryTypes.js';
import { commandInput, groupInput, idInput, idListInput, priorityInput } from './schemaParts.js';

export const registryDependenciesSchema = z.looseObject({
  blocking: idListInput.optional().describe('Must complete before this ticket starts.'),
  sequential: idListInput.optional().describe('Must complete before this ticket starts; never overlaps with it.'),
  soft: idListInput.optional().describe('Preferred earlier; never blocks.'),
  file_conflicts: idListInput.optional().describe('Never at the same time (symmetric).'),
  resource_conflicts: idListInput.optional().describe('Never at the same time (symmetric, a mutex).'),
});

const text = z.union([z.string(), z.number()]).transform(String);

export const registryTicketSchema = z.looseObject({
  ticket_id: idInput.nullish().describe('The ticket id (CATEGORY-###); `id` is accepted too.'),
  id: idInput.nullish().describe('The ticket id, when `ticket_id` is absent.'),
  title: text.nullish().describe('Imperative one-line summary. Default: the id.'),
  priority: priorityInput.nullish().describe('CRITICAL | HIGH | MEDIUM | LOW, any case. Default: medium.'),
  status: z.string().nullish().describe('pending, in-progress (in_progress), completed, blocked, cancelled, archived, resolved.'),
  category: z.string().nullish().describe('Category, for routing to an agent type.'),
  estimated_effort: z.unknown().optional().describe('Human duration: 2 hours, 30min, 6-8h.'),
  dependencies: z
    .union([registryDependenciesSchema, z.array(idInput), z.null()])
    .optional()
    .describe('The five dependency lists, or a flat list of blocking ids.'),
  affected_files: z.union([z.array(z.string()), z.number(), z.null()]).optional().describe('Affected paths or globs; a bare number means unknown.'),
  parallel_group: groupInput.nullish().describe('Planner hint: a group name.'),
  execution_strategy: z
    .preprocess((value) => (typeof value === 'string' ? value.trim().toLowerCase() : value), z.enum(EXECUTION_STRATEGIES))
    .nullish()
    .describe('parallel | sequential | isolated | specialized; isolated and sequential run alone.'),
  assignee: z.string().nullish().describe('Explicit agent type.'),
  assigned_agents: z.union([z.array(z.string()), z.string()]).nullish().describe('Explicit agent types; the first is used.'),
  run: commandInput.nullish().describe('tpe addition: the command that does the work.'),
});
