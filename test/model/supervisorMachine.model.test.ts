/**
 * Model-based test of the supervisor's pause / resume / stop paths against the real runtime.
 *
 * The model (test/model/paths.ts, `runPaths`) is the supervisor statechart
 * times a world of one ticket X whose attempt the test settles; the world
 * follows the effects the supervisor's steps name (dispatch, interruptRunning,
 * requeueInterrupted). Every shortest path to every state of that product and
 * every simple path to a final state is replayed on a real engine; after each
 * step `engine.state()` must be the supervisor's model state and
 * `engine.ticketState('X')` the world's.
 *
 * Model event → runtime action:
 * - START        engine.start()
 * - PAUSE(wait)  engine.pause({ wait: true });  PAUSE(now) engine.pause({ wait: false })
 * - RESUME       engine.resume()
 * - STOP         engine.stop();                 STOP(force) engine.stop({ force: true })
 * - X_DONE       X's run succeeds       → the coordinator's TICKETS_CHANGED { running 0, remaining 0, unsuccessful 0 }
 * - X_FAILED     X's run fails for good → TICKETS_CHANGED { 0, 0, 1 }
 * - X_ABORTED    X's aborted run ends (the killed process is gone) → TICKETS_CHANGED { 0, 1, 0 }
 * TICKETS_CHANGED is never sent by the test: it is the coordinator's batched report of those
 * outcomes. ADJUSTED and SPAWN_AGENTS (adjustments) are outside these paths. The runtime's
 * `running` in PAUSE/STOP is the coordinator's count, as in the model.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/runtime/createEngine.js';
import type { EngineEvent } from '../../src/runtime/events.js';
import { VirtualClock } from '../../src/runtime/virtualClock.js';
import type { TicketState } from '../../src/machines/ticketMachine.js';
import { ControlledExecutor, aborted, failed, ok, quiesce } from '../helpers/controlledExecutor.js';
import { makePlan } from '../helpers/makePlan.js';
import { RUN_MODEL_EVENTS, runEventKey, runModelLogic, runModelTransition, runPaths, type ModelPath, type RunEvent, type RunModelSnapshot, type XState } from './paths.js';
import { replayModelPaths } from './replayModelPaths.js';

const TICKET_STATE_OF: Record<XState, TicketState> = {
  ready: 'ready',
  running: 'executing',
  aborting: 'interrupted',
  interrupted: 'interrupted',
  completed: 'completed',
  failed: 'failed',
};

interface World {
  engine: Engine;
  executor: ControlledExecutor;
  events: EngineEvent[];
  ended: () => boolean;
}

function makeWorld(): World {
  const plan = makePlan([{ id: 'X' }], { agents: [{ name: 'shell', count: 1 }] });
  const executor = new ControlledExecutor();
  const engine = createEngine(plan, { executor, clock: new VirtualClock(0), runId: 'model-supervisor', workspace: '/tmp/tpe-model' });
  const events: EngineEvent[] = [];
  engine.on((e) => events.push(e));
  let done = false;
  void engine.result.finally(() => (done = true));
  return { engine, executor, events, ended: () => done };
}

function apply(w: World, e: RunEvent): void {
  switch (e.type) {
    case 'START':
      void w.engine.start();
      return;
    case 'PAUSE':
      void w.engine.pause({ wait: e.wait });
      return;
    case 'RESUME':
      w.engine.resume();
      return;
    case 'STOP':
      void w.engine.stop({ force: e.force });
      return;
    case 'X_DONE':
    case 'X_FAILED':
    case 'X_ABORTED': {
      const run = w.executor.current('X');
      expect(run.aborted).toBe(e.type === 'X_ABORTED');
      run.settle(e.type === 'X_DONE' ? ok() : e.type === 'X_FAILED' ? failed(false) : aborted());
      return;
    }
  }
}

async function teardown(w: World): Promise<void> {
  if (!w.ended()) {
    void w.engine.stop({ force: true });
    await quiesce();
    w.executor.reapAborted();
    await quiesce();
  }
  expect(w.ended(), 'the run ends once stopped').toBe(true);
  expect(w.executor.pending()).toEqual([]);
}

async function replay(mp: ModelPath<RunModelSnapshot, RunEvent>): Promise<void> {
  const w = makeWorld();
  const [first, ...steps] = mp.path.steps;
  expect(w.engine.state()).toBe(first?.state.value);
  expect(w.engine.ticketState('X')).toBe(TICKET_STATE_OF[first?.state.context.x ?? 'ready']);
  for (const [k, step] of steps.entries()) {
    apply(w, step.event);
    await quiesce();
    const where = `step ${k + 1} (${runEventKey(step.event)}) of ${mp.description}`;
    expect(w.engine.state(), where).toBe(step.state.value);
    expect(w.engine.ticketState('X'), where).toBe(TICKET_STATE_OF[step.state.context.x]);
  }
  // The run's states, as the event stream tells them, are the model's (with repeats collapsed).
  const modelSeq = mp.path.steps.map((s) => s.state.value).filter((s, i, all) => i === 0 || s !== all[i - 1]);
  const runtimeSeq = ['validating', ...w.events.flatMap((e) => (e.type === 'run.state' ? [e.to] : []))];
  expect(runtimeSeq, mp.description).toEqual(modelSeq);
  await teardown(w);
}

describe('supervisor pause/resume/stop: model paths replayed on the engine', () => {
  replayModelPaths(runPaths(), replay);
});

describe('supervisor: what the model found', () => {
  /** Model states in which the run can never end without the user acting again: running, nothing runs, X neither final nor ready. */
  function stuckStates(): string[] {
    const logic = runModelLogic();
    const seen = new Map<string, RunModelSnapshot>();
    const todo = [logic.getInitialSnapshot()];
    const key = (s: RunModelSnapshot) => `${s.value}/X:${s.context.x}`;
    while (todo.length) {
      const s = todo.pop() as RunModelSnapshot;
      if (seen.has(key(s))) continue;
      seen.set(key(s), s);
      for (const e of RUN_MODEL_EVENTS) {
        const context = runModelTransition(s.context, e);
        todo.push({ ...s, context, value: context.sup.value as string });
      }
    }
    return [...seen.entries()].filter(([, s]) => s.value === 'running' && s.context.x === 'interrupted').map(([k]) => k);
  }

  // Found by this model and fixed: RESUME while `pausing` after a pause without waiting went to
  // `running` without re-queueing; when the aborted attempt then ended, X stayed `interrupted` in a
  // running run that nothing would ever end. Now `running` re-queues interrupted tickets whose
  // attempt has ended on every batch of changes.
  it('no reachable state leaves an interrupted ticket behind in a running run', () => {
    expect(stuckStates()).toEqual([]);
  });

  it('replays that path on the engine: once the aborted attempt ends, X runs again', async () => {
    const w = makeWorld();
    void w.engine.start();
    await quiesce();
    void w.engine.pause({ wait: false });
    w.engine.resume();
    await quiesce();
    // Still ending: not re-queued yet (two attempts of a ticket never overlap).
    expect(w.executor.pending().length).toBe(1);
    w.executor.current('X').settle(aborted());
    await quiesce();
    expect([w.engine.state(), w.engine.ticketState('X'), w.executor.pending().length, w.ended()]).toEqual(['running', 'executing', 1, false]);
    await teardown(w);
  });

  // Found by the model: engine.stop() used to send START first, so X was dispatched and STOP then
  // waited for it (running → stopping). The supervisor's validating --STOP--> stopped is the path.
  it('engine.stop() on a run that never started ends it at once (validating → stopped)', async () => {
    const w = makeWorld();
    void w.engine.stop();
    await quiesce();
    const states = w.events.flatMap((e) => (e.type === 'run.state' ? [e.to] : []));
    try {
      expect(states).toEqual(['stopped']);
      expect(w.executor.runs).toEqual([]);
    } finally {
      await teardown(w);
    }
  });
});
