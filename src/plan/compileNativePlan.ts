import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { CompileContext } from './CompileContext.js';
import { assemblePlan, compileSettings } from './compileSettings.js';
import { describeValue } from './describeValue.js';
import type { Path } from './formatPath.js';
import { issuesToProblems, valueAt } from './issuesToProblems.js';
import { checkTicketGraph } from './checkTicketGraph.js';
import { linkTickets } from './linkTickets.js';
import { nativeTicketToDraft } from './nativeTicketToDraft.js';
import { planSchema, ticketSchema } from './planSchema.js';
import type { ProblemList } from './ProblemList.js';
import { describeFsError } from './readSourceFile.js';
import { scanTicketFolder } from './scanTicketFolder.js';
import type { SourceDoc } from './SourceDoc.js';
import { readableId, stubDraft, type TicketDraft } from './TicketDraft.js';
import type { CompiledPlan } from './types.js';

/**
 * The plan without its ticket entries: tickets are validated one by one, so
 * that one broken ticket neither hides the problems of the others nor turns
 * every reference to it into a second, misleading problem.
 */
const planShellSchema = planSchema.extend({ tickets: z.array(z.unknown()).default([]) });

/** Compiles a native plan (DESIGN.md "The plan format"), with the tickets of its `registry` if it names one. */
export function compileNativePlan(raw: unknown, context: CompileContext, problems: ProblemList): CompiledPlan | undefined {
  const { doc, baseDir } = context;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.error('INVALID_FIELD', doc, [], 'not a plan', { expected: 'a mapping with `tickets` (see `tpe schema`)', found: describeValue(raw) });
    return undefined;
  }
  const shell = planShellSchema.safeParse(raw);
  if (!shell.success) issuesToProblems(shell.error.issues, { schema: planSchema, raw, doc, at: [] }, problems);

  const drafts: TicketDraft[] = readInlineTickets(raw, doc, baseDir, problems);

  const registry = shell.success ? shell.data.registry : undefined;
  // A loop rather than push(...all): a huge registry would exceed the argument limit.
  if (registry !== undefined) for (const scanned of readRegistry(registry, doc, ['registry'], baseDir, problems)) drafts.push(scanned.draft);

  if (!shell.success) {
    // Settings are unusable, but the tickets can still be checked among themselves.
    checkTicketGraph(drafts, problems);
    return undefined;
  }
  const plan = shell.data;
  const settings = compileSettings(plan, { doc, at: [], baseDir, overrides: context.agents }, problems);
  const tickets = linkTickets(
    {
      drafts,
      agents: settings.agents,
      resources: settings.resources,
      defaults: { timeoutMs: plan.defaults.timeout, retries: plan.defaults.retries, backoffMs: plan.defaults.backoff },
      baseDir,
      planDoc: doc,
      agentsPath: ['agents'],
    },
    problems,
  );
  return assemblePlan(settings, tickets, { name: plan.name ?? context.defaultName, file: doc.file, baseDir, strategy: context.strategy ?? plan.strategy, registry });
}

/**
 * The tickets written in the plan itself (`tickets:`), each validated on its
 * own; a broken one still counts by its id (see planShellSchema). Seed plans
 * may carry them too, beside `execution_plan:`.
 */
export function readInlineTickets(raw: unknown, doc: SourceDoc, baseDir: string, problems: ProblemList): TicketDraft[] {
  const drafts: TicketDraft[] = [];
  const rawTickets = (raw as { tickets?: unknown } | null)?.tickets;
  if (!Array.isArray(rawTickets)) return drafts;
  rawTickets.forEach((rawTicket: unknown, i) => {
    const parsed = ticketSchema.safeParse(rawTicket);
    if (parsed.success) {
      drafts.push(nativeTicketToDraft(parsed.data, rawTicket as Record<string, unknown>, doc, ['tickets', i], baseDir));
      return;
    }
    issuesToProblems(parsed.error.issues, { schema: ticketSchema, raw: rawTicket, doc, at: ['tickets', i] }, problems);
    const id = readableId(valueAt(rawTicket, ['id']));
    if (id !== undefined) drafts.push(stubDraft(id, doc, ['tickets', i], ['tickets', i, 'id'], undefined));
  });
  return drafts;
}

/** Reads a registry folder named in a plan; a missing folder is a problem at the `registry` entry. */
export function readRegistry(registry: string, doc: SourceDoc, path: Path, baseDir: string, problems: ProblemList): ReturnType<typeof scanTicketFolder> {
  const dir = isAbsolute(registry) ? registry : resolve(baseDir, registry);
  try {
    if (!statSync(dir).isDirectory()) {
      problems.error('FILE_NOT_FOUND', doc, path, `registry is not a folder: ${registry}`);
      return [];
    }
  } catch (error) {
    problems.error('FILE_NOT_FOUND', doc, path, `registry folder ${registry}: ${describeFsError(error)}`);
    return [];
  }
  return scanTicketFolder(dir, problems);
}
