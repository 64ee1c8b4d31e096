/**
 * Model-based test of the agent machine against the real runtime.
 *
 * Every shortest path to every state of the agent machine and every simple
 * path to its final state (test/model/paths.ts) is replayed on a real engine.
 * The world: agent type `w` with two slots. A ticket OCC (never settled) takes
 * agent-001 at the start, so agent-002 — the agent under test, A — is the only
 * one that dispatch can give a ticket, and the one `setAgents('w', 1)` retires
 * (idle or not-busy slots first, then the newest). Tickets W1…W6 are held
 * before the start and released one per ASSIGN.
 *
 * Model event → runtime action:
 * - ASSIGN    engine.release(next W): dispatch gives it to A (idle → busy)
 * - RELEASE   A's ticket succeeds and nothing else is ready: the supervisor's releaseAgents
 * - CRASHED   A's ticket's run ends with `agentCrashed` (a worker thread died): pool.crash
 * - REPLACED  internal: the runtime's replaceAgent sends it a microtask after `replacing` is entered
 * - RETIRE    engine.setAgents('w', 1); in `replacing` (which lasts one microtask) it is called from
 *             the event listener as A enters `replacing`
 * `crashed` and `retiring` are transient states of the machine itself (`always`).
 * A state reached only for a microtask (`replacing`) is checked in the event stream; every other
 * state in `engine.snapshot().agents`, and the whole sequence of A's states in the stream.
 */
import { describe, expect } from 'vitest';
import { transition } from 'xstate';
import { agentMachine, type AgentEvent } from '../../src/machines/agentMachine.js';
import { createEngine, type Engine } from '../../src/runtime/createEngine.js';
import type { EngineEvent } from '../../src/runtime/events.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import { ControlledExecutor, crashed, ok, quiesce } from '../helpers/controlledExecutor.js';
import { makePlan } from '../helpers/makePlan.js';
import { AGENT_INTERNAL_EVENTS, agentPaths, type AgentSnap, type ModelPath } from './paths.js';
import { replayModelPaths } from './replayModelPaths.js';

const A = 'agent-002';
const W = ['W1', 'W2', 'W3', 'W4', 'W5', 'W6'];

type AgentMove = Extract<EngineEvent, { type: 'agent.transition' }>;

interface World {
  engine: Engine;
  executor: ControlledExecutor;
  moves: AgentMove[];
  nextTicket: number;
  carrying: string | undefined;
  retireOnReplacing: boolean;
  retired: boolean;
  ended: () => boolean;
}

function makeWorld(): World {
  const plan = makePlan([{ id: 'OCC', agent: 'w' }, ...W.map((id) => ({ id, agent: 'w' }))], { agents: [{ name: 'w', count: 2 }] });
  const executor = new ControlledExecutor();
  const engine = createEngine(plan, { executor, clock: new VirtualClock(0), runId: 'model-agent', workspace: '/tmp/tpe-model' });
  let done = false;
  void engine.result.finally(() => (done = true));
  const w: World = { engine, executor, moves: [], nextTicket: 0, carrying: undefined, retireOnReplacing: false, retired: false, ended: () => done };
  engine.on((e) => {
    if (e.type !== 'agent.transition' || e.agentId !== A) return;
    w.moves.push(e);
    if (e.to === 'replacing' && w.retireOnReplacing) {
      w.retireOnReplacing = false;
      w.retired = true;
      engine.setAgents('w', 1);
    }
  });
  for (const id of W) engine.hold(id);
  return w;
}

/** A's state, read from its actor (the supervisor's child), checked against what `engine.snapshot()` shows. */
function agentState(engine: Engine): string | undefined {
  const ref = engine.supervisor.getSnapshot().children[A] as { getSnapshot(): AgentSnap } | undefined;
  const actor = ref?.getSnapshot();
  const shown = engine.snapshot({ tickets: false }).agents.find((a) => a.id === A)?.state;
  // The snapshot shows a busy agent that will retire after its ticket as `retiring` (buildRunSnapshot.ts).
  expect(shown).toBe(actor?.value === 'busy' && actor.context.retireRequested ? 'retiring' : actor?.value);
  return actor?.value;
}

/** States the runtime leaves within a microtask, by an internal event (REPLACED): checked in the event stream. */
const PASSED_THROUGH = new Set(['replacing']);

function apply(w: World, event: AgentEvent, next: AgentEvent | undefined): void {
  switch (event.type) {
    case 'ASSIGN': {
      const id = W[w.nextTicket++];
      if (id === undefined) throw new Error('the world has no ticket left to assign');
      w.carrying = id;
      w.engine.release(id);
      return;
    }
    case 'RELEASE':
    case 'CRASHED': {
      const id = w.carrying;
      if (id === undefined) throw new Error(`${event.type}: A carries no ticket`);
      w.carrying = undefined;
      if (event.type === 'CRASHED' && next?.type === 'RETIRE') w.retireOnReplacing = true;
      w.executor.current(id).settle(event.type === 'RELEASE' ? ok() : crashed());
      return;
    }
    case 'REPLACED':
      return; // the runtime's own doing
    case 'RETIRE':
      if (w.retired) return; // sent from the listener, as A entered `replacing`
      w.retired = true;
      w.engine.setAgents('w', 1);
      return;
  }
}

async function replay(mp: ModelPath<AgentSnap, AgentEvent>): Promise<void> {
  const w = makeWorld();
  void w.engine.start();
  await quiesce();
  expect(w.executor.current('OCC').job.meta.ticketId).toBe('OCC');
  expect(w.engine.snapshot({ tickets: false }).agents.find((a) => a.id === 'agent-001')?.ticket).toBe('OCC');
  const [first, ...steps] = mp.path.steps;
  expect(agentState(w.engine)).toBe(first?.state.value);
  for (const [k, step] of steps.entries()) {
    const next = steps[k + 1]?.event;
    const mark = w.moves.length;
    apply(w, step.event, next);
    await quiesce();
    const where = `step ${k + 1} (${step.event.type}) of ${mp.description}`;
    const model = step.state.value as string;
    const passedThrough = w.moves.slice(mark).map((m) => m.to);
    const movedOn = PASSED_THROUGH.has(model);
    if (movedOn) {
      if (next !== undefined) expect(AGENT_INTERNAL_EVENTS.has(next.type) || next.type === 'RETIRE', where).toBe(true);
      // The runtime has already taken the internal event that follows: the state was passed through.
      const seen = model === 'replacing' && step.event.type === 'RETIRE' ? w.moves.map((m) => m.to) : passedThrough;
      expect(seen, where).toContain(model);
    } else {
      expect(agentState(w.engine), where).toBe(model);
    }
  }
  // The whole sequence of A's states, as the event stream tells it, is the model's.
  const snaps = mp.path.steps.map((s) => s.state);
  const last = snaps[snaps.length - 1] as AgentSnap;
  // A path that ends in `replacing`: the runtime goes on with its internal REPLACED.
  if (PASSED_THROUGH.has(last.value)) snaps.push(transition(agentMachine, last, { type: 'REPLACED' })[0]);
  const modelSeq = snaps.map((s) => s.value as string).filter((s, i, all) => i === 0 || s !== all[i - 1]);
  const runtimeSeq = ['idle', ...w.moves.map((m) => m.to)];
  expect(runtimeSeq, mp.description).toEqual(modelSeq);
  // Teardown: stop by force, the aborted runs end.
  void w.engine.stop({ force: true });
  await quiesce();
  w.executor.reapAborted();
  await quiesce();
  expect(w.ended()).toBe(true);
  expect(w.executor.pending()).toEqual([]);
}

describe('agent machine: model paths replayed on the engine', () => {
  replayModelPaths(agentPaths(), replay);
});
