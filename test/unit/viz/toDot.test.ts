import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { finalTone, toDot } from '../../../src/machines/toDot.js';
import { supervisorMachine } from '../../../src/machines/supervisorMachine.js';
import { renderDotToSvg, renderMachineSvg } from '../../../src/runtime/viz/renderDotToSvg.js';
import { sampleMachine } from './sampleMachine.js';

const idsOf = (svg: string) => [...svg.matchAll(/ id="([^"]*)"/g)].map((m) => m[1]);

describe('toDot', () => {
  const dot = toDot(sampleMachine);

  it('gives every state the id state-<dotted.path>, clusters to compound states', () => {
    for (const path of ['idle', 'loading', 'working', 'working.upload', 'working.upload.sending', 'working.upload.sent', 'working.report.written', 'done']) {
      expect(dot).toContain(`id="state-${path}"`);
    }
    expect(dot).toContain('subgraph "cluster_working" {');
    expect(dot).toContain('class="state parallel"');
    // An arrow into a compound state ends at its border, drawn to its initial leaf.
    expect(dot).toMatch(/"loading" -> "working\.upload\.sending" \[id="transition-loading-onDone_fetchData-0".*lhead="cluster_working"\]/);
  });

  it('styles transitions by kind and marks initial and final states', () => {
    expect(dot).toMatch(/"loading" -> "failed" \[id="transition-loading-after_1500ms-0", class="transition after", label="after 1500ms", style="dotted"\]/);
    expect(dot).toMatch(/class="transition error", label="onError\(fetchData\) \/ notify", color="#b5524a"/);
    expect(dot).toMatch(/class="transition always", label="always \[hasMore\]", style="dashed"/);
    expect(dot).toContain('"[*]" [id="initial", class="initial", shape="point"');
    expect(dot).toMatch(/"done" \[id="state-done", class="state final", label="done", shape="doublecircle"/);
  });

  it('draws the transitions that keep a state as one loop, and lists them on a compound state', () => {
    expect(dot.match(/"idle" -> "idle"/g)).toHaveLength(1);
    expect(dot).toContain('"idle" -> "idle" [id="transition-idle-loop", class="transition loop event", label=<PING / log<br/>TICK>];');
    expect(dot).toContain('on PING / notify');
    expect(dot).toContain('<b>in any state</b><br/><font point-size="8">RESET / log</font><br/><font point-size="8">STOP → stopped</font>');
  });

  it('is deterministic, and Graphviz renders it with the ids and no duplicates', async () => {
    expect(toDot(sampleMachine)).toBe(dot);
    const svg = await renderMachineSvg(sampleMachine);
    expect(await renderDotToSvg(dot)).toBe(svg);
    expect(svg).toMatch(/<g id="state-working\.upload\.sending" class="node state">/);
    expect(svg).toMatch(/<g id="state-working" class="cluster state parallel">/);
    const ids = idsOf(svg);
    expect(new Set(ids).size).toBe(ids.length);
    // Byte-stable: no Graphviz version comment, no escaped dashes, the font with its fallbacks.
    expect(svg).not.toContain('<!--');
    expect(svg).not.toContain('&#45;');
    expect(svg).toContain('font-family="Verdana,DejaVu Sans,sans-serif"');
  });

  it('escapes state names and events that are not identifiers', async () => {
    const odd = createMachine({
      id: 'odd "one"',
      initial: 'say "hi" <now>',
      states: { 'say "hi" <now>': { on: { 'A&B': "it's done" } }, "it's done": { type: 'final' } },
    });
    const text = toDot(odd);
    expect(text).toContain('"say \\"hi\\" <now>" [id="state-say \\"hi\\" <now>", class="state", label=<<b>say &quot;hi&quot; &lt;now&gt;</b>>];');
    const svg = await renderMachineSvg(odd);
    expect(svg).toContain('id="state-say &quot;hi&quot; &lt;now&gt;"');
    expect(svg).toContain('id="state-it&#39;s done"');
    expect(svg).toContain('A&amp;B');
  });

  it('colours a final state by what its name says', () => {
    expect(['completed', 'done', 'failed', 'blocked', 'cancelled', 'stopped', 'retired'].map(finalTone)).toEqual(['success', 'success', 'failure', 'failure', 'failure', 'neutral', 'neutral']);
  });

  it('draws the supervisor with one loop per state, whatever number of transitions keep it', () => {
    const text = toDot(supervisorMachine);
    for (const state of ['running', 'pausing', 'paused', 'stopping']) expect(text.match(new RegExp(`"${state}" -> "${state}"`, 'g'))).toHaveLength(1);
  });
});
