/** The HTML report: one self-contained page (nothing fetched), user text escaped, the chart inline. */
import { describe, expect, it } from 'vitest';
import { buildReport, renderHtml, type ReportInput } from '../../../src/runtime/report/index.js';
import { liveInput, smallInput } from './smallRun.js';

/** The small run with markup where a plan author may write anything. */
function hostileInput(): ReportInput {
  const input = smallInput();
  const plan = { ...input.run.plan, name: 'plan <b>bold</b>', tickets: input.run.plan.tickets.map((t) => (t.id === 'B' ? { ...t, title: '<script>alert(1)</script> & <img src="https://x.test/a.png">' } : t)) };
  return { ...input, run: { ...input.run, plan } };
}

describe('renderHtml', () => {
  it('is one self-contained file: inline style and SVG, no script, no link, no URL but anchors of its own sections', async () => {
    const html = renderHtml(await buildReport(smallInput(), { whatIf: false }));
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<style>');
    expect(html).toContain('<svg ');
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|@import/i);
    // An inline <svg> needs no xmlns, so no URL at all: anything URL-like would be fetched or followed.
    expect(html).not.toMatch(/https?:|\/\/[a-z]/i);
    expect(html).not.toMatch(/\ssrc=/i);
    for (const [, ref] of html.matchAll(/href="([^"]*)"/g)) expect(ref).toMatch(/^#/);
    for (const [, ref] of html.matchAll(/url\(([^)]*)\)/g)) expect(ref).toMatch(/^#/);
  });

  it("escapes what the plan's author wrote: markup in titles and names stays text", async () => {
    const html = renderHtml(await buildReport(hostileInput(), { whatIf: false }));
    expect(html).not.toMatch(/<script|<img|<b>/i);
    expect(html).toContain('<td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=&quot;https://x.test/a.png&quot;&gt;</td>');
    expect(html).toContain('<title>Run report: exec_20270115-080000-abcd (plan &lt;b&gt;bold&lt;/b&gt;)</title>');
  });

  it('has every section, a table of contents to them, and the chart as inline SVG', async () => {
    const html = renderHtml(await buildReport(smallInput(), { whatIf: false }));
    const ids = [...html.matchAll(/<h2 id="([^"]+)">/g)].map((m) => m[1]);
    expect(ids).toEqual(['run', 'metrics', 'priorities', 'agents', 'conflicts', 'failures', 'retries', 'estimates', 'chain', 'recommendations', 'gantt', 'tickets']);
    const nav = [...(html.match(/<nav>.*<\/nav>/)?.[0] ?? '').matchAll(/href="#([^"]+)"/g)].map((m) => m[1]);
    expect(nav).toEqual(ids);
    // Ids are page-wide: none used twice (the chart's patterns are prefixed).
    const all = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(all).size).toBe(all.length);
    const svg = html.match(/<svg[^>]*>/)?.[0] ?? '';
    expect(svg).not.toContain('xmlns');
    expect(html).toContain('<title>D attempt 1 on agent-001 (shell): +260ms → +310ms, 50ms, failed, on the critical chain</title>');
    expect(html).toContain('fill="url(#gantt-retried)"');
    expect(html).toContain('<span class="badge bad">failed</span>');
    expect(html).toMatch(/<td class="state-blocked">blocked<\/td>/);
  });

  it('a live run: a badge saying so, the running attempt drawn as running, a line at now', async () => {
    const html = renderHtml(await buildReport(liveInput(), { whatIf: false }));
    expect(html).toContain('<span class="badge info">running (live)</span>');
    expect(html).toContain('<title>D attempt 1 on agent-001 (shell): +260ms → +280ms, 20ms, running');
    expect(html).toContain('>now</text>');
  });
});
