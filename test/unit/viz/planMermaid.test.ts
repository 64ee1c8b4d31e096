import { describe, expect, it } from 'vitest';
import { mermaidText } from '../../../src/runtime/viz/mermaidText.js';
import { planMermaid } from '../../../src/runtime/viz/planMermaid.js';
import { makePlan } from '../../helpers/makePlan.js';
import { diamond } from './samplePlan.js';

describe('planMermaid', () => {
  const text = planMermaid(diamond);
  const lines = text.split('\n');

  it('draws tickets by index with their ids in the labels, coloured by agent type', () => {
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  t1["<b>B</b><br/>Ticket B<br/><small>10s</small>"]:::type_compute');
    expect(lines).toContain('  t4["<b>E</b><br/>Ticket E<br/><small>1s · completed</small>"]:::type_shell');
    expect(lines).toContain('  t4 -.-> t5');
    expect(text).toMatch(/classDef type_compute fill:#[0-9a-f]{6},stroke:#[0-9a-f]{6}/);
    expect(lines).toContain('  class t4 settled');
  });

  it('highlights the critical path: its tickets by class, its arrows by index', () => {
    expect(lines).toContain('  class t0,t1,t3 critical');
    const arrows = lines.filter((l) => / -\.?-> /.test(l));
    const styled = lines.find((l) => l.startsWith('  linkStyle '))!.split(' ')[3]!.split(',').map(Number);
    expect(styled.map((k) => arrows[k]?.trim())).toEqual(['t0 --> t1', 't1 --> t3']);
  });

  it('escapes what Mermaid would read as syntax', () => {
    expect(mermaidText('say "hi" <b> & #1 `x`\nnext')).toBe('say #quot;hi#quot; #lt;b#gt; #amp; #35;1 #96;x#96; next');
    const odd = planMermaid(makePlan([{ id: 'A"]; click' }, { id: 'B', agent: 'my agent-x', dependsOn: ['A"]; click'] }]));
    expect(odd).toContain('  t0["<b>A#quot;]; click</b>');
    expect(odd).toContain(':::type_my_agent_x');
  });
});
