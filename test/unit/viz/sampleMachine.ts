/**
 * A small machine with every construct the diagrams draw: nested and
 * parallel states, an invoked actor with onDone/onError, `after`, `always`,
 * guards, named and built-in effects, targetless and self transitions, a
 * machine-wide event and final states. The engine's machines use only some.
 */
import { assign, fromPromise, setup } from 'xstate';

export const sampleMachine = setup({
  types: { context: {} as { n: number }, events: {} as { type: 'GO' } | { type: 'PING' } | { type: 'TICK' } | { type: 'RESET' } | { type: 'STOP' } },
  actors: { fetchData: fromPromise(async () => 1) },
  guards: { isReady: () => true, hasMore: () => false },
  actions: { log: () => {}, notify: () => {} },
}).createMachine({
  id: 'sample',
  context: { n: 0 },
  initial: 'idle',
  on: { RESET: { actions: 'log' }, STOP: '.stopped' },
  states: {
    idle: { on: { GO: { target: 'loading', guard: 'isReady', actions: ['notify', assign({ n: 1 })] }, PING: { actions: 'log' }, TICK: { target: 'idle' } } },
    loading: {
      entry: 'log',
      invoke: { src: 'fetchData', onDone: 'working', onError: { target: 'failed', actions: 'notify' } },
      after: { 1500: 'failed' },
    },
    working: {
      type: 'parallel',
      onDone: 'done',
      on: { PING: { actions: 'notify' } },
      states: {
        upload: { initial: 'sending', states: { sending: { after: { 250: 'sent' } }, sent: { type: 'final' } } },
        report: { initial: 'writing', states: { writing: { always: { target: 'written', guard: 'hasMore' } }, written: { type: 'final' } } },
      },
    },
    done: { type: 'final' },
    failed: { type: 'final' },
    stopped: { type: 'final' },
  },
});
