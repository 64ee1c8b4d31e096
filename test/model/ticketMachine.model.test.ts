/**
 * Model-based test of the ticket machine against the real runtime.
 *
 * Every shortest path to every state of the ticket machine, and every simple
 * path to each of its final states (test/model/paths.ts), is replayed on a
 * real engine (createEngine: supervisor, coordinator, agent pool, ticket
 * stepper) whose executor is a ControlledExecutor: each attempt's work, gate
 * and rollback promise is settled by the test. After each step the ticket's
 * state (`engine.ticketState`) must be the model's, and the ticket's last
 * transition in the event stream must have been caused by the model's event.
 *
 * The world: ticket T depends on DEP (agent type `dep`), runs on agent type
 * `shell`, and needs 2 units of a resource `gate` whose capacity is 1, so the
 * dispatcher never starts it on its own: the test opens the gate to assign it.
 *
 * Model event → runtime action (every event is caused from outside; none is sent to the machine directly):
 * - DEPS_MET         DEP's work succeeds (the coordinator readies its dependents)
 * - DEP_FAILED       DEP's work fails for good (non-retryable; DEP has no retries): T is blocked
 * - HOLD / RELEASE   engine.hold('T') / engine.release('T')
 * - ASSIGN           engine.setCapacity('gate', 2): the ADJUSTED dispatch starts T; the gate is closed again at once
 * - WORK_DONE        T's work run succeeds
 * - WORK_FAILED(r)   T's work run fails, retryable or not
 * - GATES_PASSED     T's (single) gate run succeeds
 * - GATE_FAILED(r)   T's gate run fails, retryable or not (runGates keeps `retryable`)
 * - BACKOFF_ELAPSED  the virtual clock jumps to the backoff timer the coordinator armed
 * - ROLLBACK_DONE(o) T's rollback run succeeds / fails
 * - INTERRUPT        engine.pause({ wait: false }); the aborted run then ends (ABORTED) and the run is paused
 * - REQUEUE          engine.resume() (from paused: requeueInterrupted)
 * - CANCEL           engine.cancel('T'); an aborted run then ends
 * `failing` is a transient state of the machine itself (an `always` choice): no step rests there.
 */
import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { createEngine, type Engine } from '../../src/runtime/createEngine.js';
import type { EngineEvent } from '../../src/runtime/events.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ticketMachine, type TicketEvent } from '../../src/machines/ticketMachine.js';
import { ControlledExecutor, failed, ok, quiesce } from '../helpers/controlledExecutor.js';
import { makePlan } from '../helpers/makePlan.js';
import { TICKET_POLICIES, ticketEventKey, ticketPaths, type ModelPath, type TicketPolicy, type TicketSnap } from './paths.js';
import { replayModelPaths } from './replayModelPaths.js';

interface World {
  engine: Engine;
  executor: ControlledExecutor;
  clock: VirtualClock;
  events: EngineEvent[];
  ended: () => boolean;
}

function makeWorld(policy: TicketPolicy): World {
  const p = TICKET_POLICIES[policy];
  const plan = makePlan(
    [
      { id: 'DEP', agent: 'dep' },
      { id: 'T', agent: 'shell', dependsOn: ['DEP'], resources: { gate: 2 }, retries: p.retries, gates: p.gates, rollback: p.hasRollback, backoffMs: p.backoffMs },
    ],
    { agents: [{ name: 'dep', count: 1 }, { name: 'shell', count: 1 }], resources: { gate: 1 } },
  );
  const executor = new ControlledExecutor();
  const clock = new VirtualClock(0);
  const engine = createEngine(plan, { executor, clock, runId: 'model-ticket', workspace: '/tmp/tpe-model' });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  let done = false;
  void engine.result.finally(() => (done = true));
  return { engine, executor, clock, events, ended: () => done };
}

async function apply(w: World, event: TicketEvent): Promise<void> {
  const { engine, executor, clock } = w;
  switch (event.type) {
    case 'DEPS_MET':
      return executor.current('DEP').settle(ok());
    case 'DEP_FAILED':
      return executor.current('DEP').settle(failed(false));
    case 'HOLD':
      engine.hold('T');
      return;
    case 'RELEASE':
      engine.release('T');
      return;
    case 'ASSIGN':
      engine.setCapacity('gate', 2);
      engine.setCapacity('gate', 1);
      return;
    case 'WORK_DONE':
    case 'GATES_PASSED':
    case 'ROLLBACK_DONE': {
      const run = executor.current('T');
      expect(run.meta.phase).toBe(event.type === 'WORK_DONE' ? 'work' : event.type === 'GATES_PASSED' ? 'gate' : 'rollback');
      return run.settle(event.type === 'ROLLBACK_DONE' && !event.ok ? failed(false) : ok());
    }
    case 'WORK_FAILED':
    case 'GATE_FAILED': {
      const run = executor.current('T');
      expect(run.meta.phase).toBe(event.type === 'WORK_FAILED' ? 'work' : 'gate');
      return run.settle(failed(event.error.retryable));
    }
    case 'BACKOFF_ELAPSED':
      expect(clock.pending).toBe(1);
      clock.advanceToNext();
      return;
    case 'INTERRUPT': {
      const paused = engine.pause({ wait: false });
      await quiesce();
      expect(executor.reapAborted()).toBe(1);
      await quiesce();
      await paused;
      return;
    }
    case 'REQUEUE':
      expect(engine.state()).toBe('paused');
      engine.resume();
      return;
    case 'CANCEL':
      engine.cancel('T', event.reason);
      await quiesce();
      executor.reapAborted();
      return;
  }
}

async function teardown(w: World): Promise<void> {
  if (!w.ended()) {
    void w.engine.stop({ force: true });
    await quiesce();
    w.executor.reapAborted();
    await quiesce();
    // A forced stop does not abort a rollback (rollingBack takes no INTERRUPT): the run waits for it to finish.
    const left = w.executor.pending();
    expect(left.map((r) => r.meta.phase).filter((phase) => phase !== 'rollback'), 'only a rollback outlives a forced stop').toEqual([]);
    for (const r of left) r.settle(ok());
    await quiesce();
  }
  expect(w.ended(), 'the run ends once stopped').toBe(true);
  expect(w.executor.pending(), 'no run is left behind').toEqual([]);
}

async function replay(policy: TicketPolicy, mp: ModelPath<TicketSnap, TicketEvent>): Promise<void> {
  const w = makeWorld(policy);
  void w.engine.start();
  await quiesce();
  const [first, ...steps] = mp.path.steps;
  expect(w.engine.ticketState('T')).toBe(first?.state.value);
  expect(w.engine.ticketState('DEP')).toBe('executing');
  for (const [k, step] of steps.entries()) {
    const before = w.engine.ticketState('T');
    const mark = w.events.length;
    await apply(w, step.event);
    await quiesce();
    const where = `step ${k + 1} (${ticketEventKey(step.event)}) of ${mp.description}`;
    expect(w.engine.ticketState('T'), where).toBe(step.state.value);
    const moves = w.events.slice(mark).filter((e): e is Extract<EngineEvent, { type: 'ticket.transition' }> => e.type === 'ticket.transition' && e.ticket === 'T');
    if (before === step.state.value) {
      expect(moves, `${where}: no transition`).toEqual([]);
    } else {
      expect(moves.map((m) => [m.from, m.to, m.event]), where).toEqual([[before, step.state.value, step.event.type]]);
    }
  }
  await teardown(w);
  // What the run reports of T agrees with the model's context. The graph keeps one snapshot per
  // serialized state (value, depsMet, failures), so the context of the path's own events is
  // recomputed here by stepping the machine through them (and must land in the same states).
  let last = initialTransition(ticketMachine, TICKET_POLICIES[policy])[0];
  for (const step of steps) {
    last = transition(ticketMachine, last, step.event)[0];
    expect(last.value).toBe(step.state.value);
  }
  const t = (await w.engine.result).tickets.find((x) => x.id === 'T');
  expect(t?.attempts, mp.description).toBe(steps.filter((s) => s.event.type === 'ASSIGN').length);
  if (last.status === 'done') {
    expect(t?.state).toBe(last.value);
    expect(t?.rollback).toBe(last.context.rollback);
    if (last.value === 'blocked' || last.value === 'cancelled') expect(t?.reason).toBe(last.context.reason);
    if (last.value === 'failed') expect(t?.error?.retryable).toBe(last.context.lastError?.retryable);
  }
}

describe.each(['full', 'bare'] as const)('ticket machine, policy %s: model paths replayed on the engine', (policy) => {
  const paths = ticketPaths(policy);

  it('has simple paths to its final states', () => {
    expect(paths.simple.length).toBeGreaterThan(0);
  });
  // Simple paths are bounded to the first MAX_SIMPLE_PATHS in generation order (checked there);
  // today all of them (150 and 18) are replayed.
  replayModelPaths(paths, (mp) => replay(policy, mp));
});
