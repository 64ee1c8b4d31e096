import { describe, expect, it } from 'vitest';
import { parseAgentSweep } from '../../../src/cli/parseAgentSweep.js';

const types = [
  { name: 'shell', count: 3 },
  { name: 'compute', count: 2 },
];

describe('parseAgentSweep', () => {
  it('sweeps every type with a bare range, 1..16 by default', () => {
    expect(parseAgentSweep('1..3', types)).toEqual([
      { shell: 1, compute: 1 },
      { shell: 2, compute: 2 },
      { shell: 3, compute: 3 },
    ]);
    expect(parseAgentSweep(undefined, types)).toHaveLength(16);
  });

  it('sweeps one type, keeping the others as planned, or takes one configuration', () => {
    expect(parseAgentSweep('shell=2..3', types)).toEqual([
      { shell: 2, compute: 2 },
      { shell: 3, compute: 2 },
    ]);
    expect(parseAgentSweep('shell=4,compute=1', types)).toEqual([{ shell: 4, compute: 1 }]);
  });

  it('names the mistake', () => {
    expect(() => parseAgentSweep('3..1', types)).toThrow(/1 ≤ from ≤ to/);
    expect(() => parseAgentSweep('gpu=2', types)).toThrow(/unknown agent type "gpu" \(known: shell, compute\)/);
    expect(() => parseAgentSweep('shell=many', types)).toThrow(/expected a count or a range/);
  });
});
