import { describe, expect, it } from 'vitest';
import { exceedsSvgLimits, PLAN_SVG_LIMITS, planDagSvg, planSize } from '../../../src/runtime/viz/planDagSvg.js';
import { planDot } from '../../../src/runtime/viz/planDot.js';
import { renderDotOffThread } from '../../../src/runtime/viz/renderDotOffThread.js';
import { renderDotToSvg } from '../../../src/runtime/viz/renderDotToSvg.js';
import { diamond } from './samplePlan.js';

describe('planDagSvg', () => {
  it('lays the DAG out on a worker thread, in the same bytes as on this one', async () => {
    const result = await planDagSvg(diamond);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.size).toEqual({ tickets: 6, dependencies: 4 });
    expect(result.svg).toContain('id="ticket-A"');
    expect(result.svg).toBe(await renderDotToSvg(planDot(diamond)));
  });

  it('refuses a plan above the limits, before any layout', async () => {
    expect(PLAN_SVG_LIMITS).toEqual({ tickets: 3000, dependencies: 6000 });
    expect(exceedsSvgLimits(planSize(diamond), { tickets: 6, dependencies: 4 })).toBe(false);
    expect(await planDagSvg(diamond, { limits: { tickets: 5, dependencies: 100 } })).toEqual({
      ok: false,
      tooLarge: { tickets: 6, dependencies: 4 },
      limits: { tickets: 5, dependencies: 100 },
    });
    expect(exceedsSvgLimits({ tickets: 10, dependencies: 6001 })).toBe(true);
  });

  it('stops a layout when aborted, and reports what Graphviz refused', async () => {
    const aborted = new AbortController();
    aborted.abort(new Error('page closed'));
    await expect(planDagSvg(diamond, { signal: aborted.signal })).rejects.toThrow('page closed');
    const later = new AbortController();
    const pending = renderDotOffThread(planDot(diamond), { signal: later.signal });
    later.abort(new Error('run ended'));
    await expect(pending).rejects.toThrow('run ended');
    await expect(renderDotOffThread('digraph { a -> }')).rejects.toThrow(/^Graphviz could not render the graph: .*syntax error/);
  });
});
