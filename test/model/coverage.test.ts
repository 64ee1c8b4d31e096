/**
 * Every state of every machine is reached by some generated path — the paths
 * the replay tests run on the engine. A state the paths never reach (a new
 * state without a way in, a guard that can never pass, an event the model
 * does not send) fails here.
 *
 * A state is reached when a step of a path rests in it, or, for a transient
 * state (one that an unguarded `always` leaves at once: the ticket's
 * `failing`, the agent's `crashed` and `retiring`), when a step's transition
 * enters it: no snapshot ever rests there.
 */
import type { AnyStateMachine, AnyMachineSnapshot, EventObject } from 'xstate';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES, agentMachine } from '../../src/machines/agentMachine.js';
import { SUPERVISOR_STATES, supervisorMachine } from '../../src/machines/supervisorMachine.js';
import { TICKET_STATES, ticketMachine } from '../../src/machines/ticketMachine.js';
import { agentPaths, runPaths, ticketPaths, TICKET_POLICIES, type TicketPolicy } from './paths.js';

interface Step {
  state: AnyMachineSnapshot;
  event: EventObject;
}

/** States left at once by an unguarded `always` transition. */
function transientStates(machine: AnyStateMachine): Set<string> {
  const out = new Set<string>();
  for (const [key, node] of Object.entries(machine.root.states)) {
    if (node.always?.some((t) => !t.guard)) out.add(key);
  }
  return out;
}

function coverage(machine: AnyStateMachine, paths: Array<{ steps: Step[] }>): { rested: Set<string>; passed: Set<string> } {
  const transient = transientStates(machine);
  const rested = new Set<string>();
  const passed = new Set<string>();
  for (const p of paths) {
    for (const [k, step] of p.steps.entries()) {
      rested.add(String(step.state.value));
      const prev = p.steps[k - 1];
      if (!prev) continue;
      for (const t of machine.getTransitionData(prev.state, step.event)) {
        for (const target of t.target ?? []) if (transient.has(target.key)) passed.add(target.key);
      }
    }
  }
  return { rested, passed };
}

describe('every state of every machine is reached by a generated path', () => {
  it('ticket machine (both policies, shortest and simple paths)', () => {
    const paths = (Object.keys(TICKET_POLICIES) as TicketPolicy[]).flatMap((policy) => {
      const { shortest, simple } = ticketPaths(policy);
      return [...shortest, ...simple].map((p) => p.path as unknown as { steps: Step[] });
    });
    const { rested, passed } = coverage(ticketMachine, paths);
    expect(transientStates(ticketMachine)).toEqual(new Set(['failing']));
    const all = new Set([...TICKET_STATES, ...Object.keys(ticketMachine.root.states)]);
    expect([...all].filter((s) => !rested.has(s) && !passed.has(s))).toEqual([]);
    expect([...passed]).toEqual(['failing']);
  });

  it('agent machine', () => {
    const { shortest, simple } = agentPaths();
    const { rested, passed } = coverage(agentMachine, [...shortest, ...simple].map((p) => p.path as unknown as { steps: Step[] }));
    expect(transientStates(agentMachine)).toEqual(new Set(['crashed', 'retiring']));
    const all = new Set([...AGENT_STATES, ...Object.keys(agentMachine.root.states)]);
    expect([...all].filter((s) => !rested.has(s) && !passed.has(s))).toEqual([]);
    expect(new Set(passed)).toEqual(new Set(['crashed', 'retiring']));
  });

  it('supervisor (pause/resume/stop model): every state rests at the end of some step', () => {
    const { shortest, simple } = runPaths();
    const rested = new Set<string>();
    for (const p of [...shortest, ...simple]) for (const s of p.path.steps) rested.add(s.state.context.sup.value as string);
    expect(transientStates(supervisorMachine)).toEqual(new Set());
    const all = new Set([...SUPERVISOR_STATES, ...Object.keys(supervisorMachine.root.states)]);
    expect([...all].filter((s) => !rested.has(s))).toEqual([]);
  });
});
