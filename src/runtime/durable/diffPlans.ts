/**
 * What changed between the plan a run recorded at start and the plan files
 * now (`tpe resume --validate-state`): tickets added, removed, changed, and
 * ticket files whose status was edited by hand. A change is unsafe when it
 * touches work the run has done or is doing: continuing would mix two plans.
 */
import { FINAL_TICKET_STATES } from '../../machines/ticketMachine.js';
import type { CompiledPlan, CompiledTicket } from '../../plan/types.js';
import type { RestoredTicket } from '../runJournal.js';

export interface TicketChange {
  id: string;
  kind: 'added' | 'removed' | 'changed' | 'status-edited';
  /** Fields that differ (for `changed`), or `status: a → b` (for `status-edited`). */
  fields: string[];
  /** The ticket's state in the run (undefined for added tickets). */
  runState: string | undefined;
  safe: boolean;
}

export interface PlanDiff {
  tickets: TicketChange[];
  /** Agent types and resources whose settings changed (always safe: they apply from now on). */
  settings: string[];
}

const COMPARED: Array<keyof CompiledTicket> = ['title', 'agent', 'priority', 'estimateMs', 'resources', 'files', 'isolated', 'work', 'validate', 'rollback', 'timeoutMs', 'retries', 'backoffMs', 'cwd', 'env'];

export function diffPlans(recorded: CompiledPlan, current: CompiledPlan, last: ReadonlyArray<RestoredTicket | undefined>): PlanDiff {
  const key = (id: string) => id.toLowerCase();
  const before = new Map(recorded.tickets.map((t) => [key(t.id), t]));
  const after = new Map(current.tickets.map((t) => [key(t.id), t]));
  const ids = (plan: CompiledPlan, xs: readonly number[]) => xs.map((i) => plan.tickets[i]?.id ?? '?').sort();
  const stateOf = (t: CompiledTicket) => last[t.index]?.state ?? 'waiting';
  const touched = (state: string) => FINAL_TICKET_STATES.has(state as never) || state === 'executing' || state === 'validating' || state === 'rollingBack' || state === 'interrupted';
  const tickets: TicketChange[] = [];
  for (const [k, old] of before) {
    const now = after.get(k);
    const runState = stateOf(old);
    if (!now) {
      tickets.push({ id: old.id, kind: 'removed', fields: [], runState, safe: !touched(runState) });
      continue;
    }
    const fields = COMPARED.filter((f) => JSON.stringify(old[f]) !== JSON.stringify(now[f])).map(String);
    if (JSON.stringify(ids(recorded, old.dependsOn)) !== JSON.stringify(ids(current, now.dependsOn))) fields.push('depends_on');
    if (JSON.stringify(ids(recorded, old.conflictsWith)) !== JSON.stringify(ids(current, now.conflictsWith))) fields.push('conflicts');
    if (fields.length > 0) tickets.push({ id: old.id, kind: 'changed', fields, runState, safe: runState !== 'completed' && !touched(runState) });
    if ((old.registryStatus ?? '') !== (now.registryStatus ?? '')) {
      tickets.push({
        id: old.id,
        kind: 'status-edited',
        fields: [`status: ${old.registryStatus ?? '-'} → ${now.registryStatus ?? '-'}`],
        runState,
        // Marking by hand as done a ticket the run has not touched is a decision the run can follow.
        safe: !touched(runState),
      });
    }
  }
  for (const [k, t] of after) if (!before.has(k)) tickets.push({ id: t.id, kind: 'added', fields: [], runState: undefined, safe: true });
  const settings: string[] = [];
  if (JSON.stringify(recorded.agents) !== JSON.stringify(current.agents)) settings.push('agents');
  if (JSON.stringify(recorded.resources) !== JSON.stringify(current.resources)) settings.push('resources');
  if (recorded.strategy !== current.strategy) settings.push('strategy');
  return { tickets, settings };
}

export function isSafeToContinue(diff: PlanDiff): boolean {
  return diff.tickets.every((t) => t.safe);
}

export function describePlanDiff(diff: PlanDiff): string {
  if (diff.tickets.length === 0 && diff.settings.length === 0) return 'plan and ticket files unchanged since the run started';
  const lines = [`${diff.tickets.length} ticket change(s) since the run started:`];
  for (const t of diff.tickets) {
    const what = t.kind === 'changed' ? `changed (${t.fields.join(', ')})` : t.kind === 'status-edited' ? `status edited by hand (${t.fields.join('')})` : t.kind;
    lines.push(`  ${t.safe ? 'ok  ' : 'NO  '} ${t.id}: ${what}${t.runState ? `; in this run: ${t.runState}` : ''}`);
  }
  if (diff.settings.length) lines.push(`  ok   settings changed: ${diff.settings.join(', ')} (apply from now on)`);
  return lines.join('\n');
}
