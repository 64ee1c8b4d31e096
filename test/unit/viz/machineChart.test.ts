import { describe, expect, it } from 'vitest';
import { machineChart, transitionLabel, type ChartState } from '../../../src/machines/machineChart.js';
import { ticketMachine } from '../../../src/machines/ticketMachine.js';
import { sampleMachine } from './sampleMachine.js';

const find = (states: readonly ChartState[], path: string): ChartState | undefined => {
  for (const s of states) {
    if (s.path.join('.') === path) return s;
    const inner = find(s.children, path);
    if (inner) return inner;
  }
  return undefined;
};

describe('machineChart', () => {
  const chart = machineChart(sampleMachine);

  it('reads the state tree: paths, types, initial states, finals', () => {
    expect(chart.id).toBe('sample');
    expect(chart.initial).toBe('idle');
    expect(chart.states.map((s) => s.key)).toEqual(['idle', 'loading', 'working', 'done', 'failed', 'stopped']);
    const working = find(chart.states, 'working')!;
    expect(working.type).toBe('parallel');
    expect(working.children.map((c) => c.path.join('.'))).toEqual(['working.upload', 'working.report']);
    expect(find(chart.states, 'working.upload')).toMatchObject({ type: 'compound', initial: 'sending' });
    expect(find(chart.states, 'working.upload.sent')?.type).toBe('final');
  });

  it('names invoked actors, entry effects, and onDone/onError/after/always triggers', () => {
    const loading = find(chart.states, 'loading')!;
    expect(loading.invokes).toEqual(['fetchData']);
    expect(loading.entry).toEqual(['log']);
    expect(loading.transitions.map((t) => [t.trigger, t.kind, t.targets.map((p) => p.join('.'))])).toEqual([
      ['onDone(fetchData)', 'done', ['working']],
      ['onError(fetchData)', 'error', ['failed']],
      ['after 1500ms', 'after', ['failed']],
    ]);
    // `after` adds XState's own raise/cancel to entry and exit: not shown.
    expect(find(chart.states, 'working.upload.sending')!.entry).toEqual([]);
    expect(find(chart.states, 'working.report.writing')!.transitions[0]).toMatchObject({ trigger: 'always', kind: 'always', guard: 'hasMore' });
    expect(find(chart.states, 'working')!.transitions.map((t) => t.trigger)).toEqual(['PING', 'onDone']);
  });

  it('labels transitions EVENT [guard] / effects, leaving context updates out', () => {
    const go = find(chart.states, 'idle')!.transitions[0]!;
    expect(go).toMatchObject({ trigger: 'GO', guard: 'isReady', effects: ['notify'] });
    expect(transitionLabel(go)).toBe('GO [isReady] / notify');
    // Targetless: the state stays.
    expect(find(chart.states, 'idle')!.transitions[1]).toMatchObject({ trigger: 'PING', targets: [] });
  });

  it('keeps machine-wide transitions apart: they apply in every state', () => {
    expect(chart.anyState.map((t) => [transitionLabel(t), t.targets.map((p) => p.join('.'))])).toEqual([
      ['RESET / log', []],
      ['STOP', ['stopped']],
    ]);
  });

  it('reads the ticket machine the diagrams are made of', () => {
    const ticket = machineChart(ticketMachine);
    expect(ticket.initial).toBe('waiting');
    const failing = find(ticket.states, 'failing')!;
    expect(failing.transitions.map(transitionLabel)).toContain('always [canRetry]');
    expect(find(ticket.states, 'completed')?.type).toBe('final');
  });
});
