/**
 * Replays a run's event trace and checks the engine's promises: no ticket
 * starts before its hard dependencies completed, resources never exceed
 * capacity, conflicting tickets never overlap, isolated tickets run alone,
 * and every ticket ends in exactly one final state.
 */
import type { CompiledPlan } from '../../src/plan/types.js';
import type { EngineEvent } from '../../src/runtime/events.js';

const FINAL = new Set(['completed', 'failed', 'blocked', 'cancelled']);

export function checkTrace(plan: CompiledPlan, events: readonly EngineEvent[], opts: { expectAllFinal?: boolean } = { expectAllFinal: true }): string[] {
  const errors: string[] = [];
  const byId = new Map(plan.tickets.map((t) => [t.id, t]));
  const state = new Map<string, string>();
  const finals = new Map<string, number>();
  const holding = new Set<string>(); // tickets holding an agent (and their resources)
  const used: Record<string, number> = {};
  let isolatedRunning = 0;
  // Tickets done in the registry start completed, before any event is seen.
  for (const t of plan.tickets) if (t.registryStatus === 'completed') state.set(t.id, 'completed');
  const BUSY = new Set(['executing', 'validating', 'rollingBack']);
  for (const e of events) {
    if (e.type === 'ticket.transition' && BUSY.has(e.to) !== BUSY.has(e.from)) {
      // A ticket holds its agent and resources while executing, validating or rolling back.
      // (The engine frees them only once the attempt's processes are gone: later, never earlier.)
      const t = byId.get(e.ticket);
      if (!t) continue;
      if (BUSY.has(e.to)) {
        for (const d of t.dependsOn) {
          const dep = plan.tickets[d]!.id;
          if (state.get(dep) !== 'completed') errors.push(`${t.id} started before its dependency ${dep} completed (${state.get(dep) ?? 'waiting'})`);
        }
        for (const c of t.conflictsWith) {
          const other = plan.tickets[c]!.id;
          if (holding.has(other)) errors.push(`${t.id} started while conflicting ${other} ran`);
        }
        if (isolatedRunning > 0) errors.push(`${t.id} started while an isolated ticket ran`);
        if (t.isolated && holding.size > 0) errors.push(`isolated ${t.id} started beside ${[...holding].join(', ')}`);
        if (t.isolated) isolatedRunning++;
        holding.add(t.id);
        for (const [r, units] of Object.entries(t.resources)) {
          used[r] = (used[r] ?? 0) + units;
          if (used[r]! > (plan.resources[r] ?? 0)) errors.push(`${r} over capacity (${used[r]}/${plan.resources[r]}) when ${t.id} started`);
        }
      } else {
        holding.delete(t.id);
        if (t.isolated) isolatedRunning--;
        for (const [r, units] of Object.entries(t.resources)) used[r] = (used[r] ?? 0) - units;
      }
    }
    if (e.type === 'ticket.transition') {
      if (FINAL.has(e.from)) errors.push(`${e.ticket} left final state ${e.from} for ${e.to}`);
      // Causality: a ticket is told ready only after every dependency was told completed.
      if (e.to === 'ready' && (e.from === 'waiting' || e.from === 'held')) {
        for (const d of byId.get(e.ticket)?.dependsOn ?? []) {
          const dep = plan.tickets[d]!.id;
          if (state.get(dep) !== 'completed') errors.push(`${e.ticket} became ready before ${dep} was reported completed`);
        }
      }
      state.set(e.ticket, e.to);
      if (FINAL.has(e.to)) finals.set(e.ticket, (finals.get(e.ticket) ?? 0) + 1);
    }
  }
  for (const t of plan.tickets) {
    const n = finals.get(t.id) ?? 0;
    if (n > 1) errors.push(`${t.id} reached a final state ${n} times`);
    if (opts.expectAllFinal && n === 0 && t.registryStatus === undefined) errors.push(`${t.id} never reached a final state (${state.get(t.id) ?? 'waiting'})`);
  }
  return errors;
}
