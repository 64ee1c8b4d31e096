import { describe, expect, it } from 'vitest';
import { toMermaid } from '../../../src/machines/toMermaid.js';
import { sampleMachine } from './sampleMachine.js';

describe('toMermaid', () => {
  const text = toMermaid(sampleMachine);

  it('draws initial and final states, transitions with guards and effects, notes for entry and invoke', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(lines).toContain('  [*] --> idle');
    expect(lines).toContain('  idle --> loading : GO [isReady] / notify');
    expect(lines).toContain('  idle --> idle : PING / log');
    expect(lines).toContain('  loading --> failed : onError(fetchData) / notify');
    expect(lines).toContain('  loading --> failed : after 1500ms');
    expect(lines).toContain('  note right of loading : invoke / fetchData');
    expect(lines).toContain('  note right of loading : entry / log');
    expect(lines).toContain('  done --> [*]');
    expect(lines).toContain('  note "STOP → stopped (in any state)" as N_STOP');
  });

  it('nests compound states and separates the regions of a parallel one', () => {
    expect(text).toContain(['  state working {', '    state upload {', '      [*] --> sending', '      sending --> sent : after 250ms', '      sent --> [*]', '    }', '    --', '    state report {'].join('\n'));
  });
});
