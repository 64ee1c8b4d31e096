import { describe, expect, it } from 'vitest';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { CRITICAL_COLOR, planDot, shortTitle } from '../../../src/runtime/viz/planDot.js';
import { renderDotToSvg } from '../../../src/runtime/viz/renderDotToSvg.js';
import { makePlan } from '../../helpers/makePlan.js';
import { diamond } from './samplePlan.js';

const idsOf = (svg: string) => [...svg.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);

describe('planDot', () => {
  const dot = planDot(diamond);

  it('gives tickets the id ticket-<ID> and classes by agent type, critical path and registry state', () => {
    expect(dot).toMatch(/"A" \[id="ticket-A", class="ticket type-shell critical"/);
    expect(dot).toMatch(/"B" \[id="ticket-B", class="ticket type-compute critical"/);
    expect(dot).toMatch(/"C" \[id="ticket-C", class="ticket type-shell",/);
    expect(dot).toMatch(/"E" \[id="ticket-E", class="ticket type-shell settled"/);
    expect(dot).toContain('"A" -> "B" [id="dep-A-B", class="dependency critical", color="#c0392b"');
    expect(dot).toContain('"A" -> "C" [id="dep-A-C", class="dependency"];');
    expect(dot).toContain('"E" -> "F" [id="after-E-F", class="soft", style="dashed", color="#b8c2cc", constraint=false];');
    expect(dot).toContain(`penwidth=3`);
    expect(CRITICAL_COLOR).toBe('#c0392b');
  });

  it('renders to SVG with those ids and classes, a legend, and no duplicate ids', async () => {
    const svg = await renderDotToSvg(dot);
    expect(svg).toContain('<g id="ticket-D" class="node ticket type-shell critical">');
    expect(svg).toContain('<g id="dep-B-D" class="edge dependency critical">');
    expect(svg).toContain('<g id="legend-compute" class="node legend-item type-compute">');
    expect(svg).toContain('critical path');
    const ids = idsOf(svg);
    expect(new Set(ids).size).toBe(ids.length);
    expect(await renderDotToSvg(planDot(diamond))).toBe(svg);
  });

  it('escapes odd ticket ids, titles and agent names, in DOT and in the SVG', async () => {
    const base = makePlan(
      [
        { id: 'A&B', agent: 'my agent' },
        { id: 'x<y>', dependsOn: ['A&B'] },
        { id: 'q"uote', dependsOn: ['x<y>'] },
        { id: 'back\\slash', dependsOn: ['q"uote'] },
        { id: 'sp ace' },
        { id: 'ünï-код' },
        // The name the legend's nodes would have, were they not protected from it.
        { id: 'legend:shell' },
      ],
      { agents: [{ name: 'shell', count: 1 }, { name: 'my agent', count: 1 }] },
    );
    const plan: CompiledPlan = { ...base, name: 'odd "plan" <1>', tickets: base.tickets.map((t) => ({ ...t, title: `<script>alert("${t.id}")</script> & \\N more\nlines` })) };
    const svg = await renderDotToSvg(planDot(plan));
    for (const id of ['ticket-A&amp;B', 'ticket-x&lt;y&gt;', 'ticket-q&quot;uote', 'ticket-back\\slash', 'ticket-sp ace', 'ticket-ünï-код', 'ticket-legend:shell', 'dep-x&lt;y&gt;-q&quot;uote']) {
      expect(svg).toContain(`id="${id}"`);
    }
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).toMatch(/class="node ticket type-my_agent( critical)?"/);
    // Graphviz would expand `\N` in a tooltip to the node's name.
    expect(svg).toContain('⧵N more');
    expect(svg).toContain('odd &quot;plan&quot; &lt;1&gt;');
    const ids = idsOf(svg);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('trades layout polish for time on large plans', () => {
    expect(dot).not.toContain('mclimit');
    const chain = makePlan(Array.from({ length: 600 }, (_, i) => ({ id: `T${i}`, dependsOn: i ? [`T${i - 1}`] : [] })));
    expect(planDot(chain)).toContain('mclimit=0.1, nslimit=1, nslimit1=1');
    expect(planDot(chain, { layout: 'best' })).not.toContain('mclimit');
    expect(planDot(diamond, { layout: 'fast', rankdir: 'TB' })).toContain('rankdir="TB"');
  });

  it('shortens long titles on one line', () => {
    expect(shortTitle('  Migrate\n the   schema ')).toBe('Migrate the schema');
    expect(shortTitle('Register the release with the (fictional) registry')).toBe('Register the release with the (…');
  });
});
