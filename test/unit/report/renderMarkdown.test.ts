/** The markdown report: well-formed tables whatever the titles hold, and a mermaid chart of the actual schedule. */
import { describe, expect, it } from 'vitest';
import { buildReport, mermaidGantt, renderMarkdown, type RunReport } from '../../../src/runtime/report/index.js';
import { MERMAID_MAX_BARS } from '../../../src/runtime/report/renderMarkdown.js';
import { START, liveInput, smallInput } from './smallRun.js';

const report = () => buildReport(smallInput(), { whatIf: false });

/** A table row's cells: split on pipes that are not escaped. */
const cells = (line: string) => line.slice(1, -1).split(/(?<!\\)\|/);

/** Consecutive lines starting with `|`. */
function tables(md: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) (current ??= []).push(line);
    else if (current) {
      out.push(current);
      current = undefined;
    }
  }
  if (current) out.push(current);
  return out;
}

describe('renderMarkdown', () => {
  it("has the seed's session summary sections, in order", async () => {
    const md = renderMarkdown(await report());
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings[0]).toBe('# Run report: exec_20270115-080000-abcd (test-plan)');
    expect(headings.slice(1).map((h) => h.replace(/^## /, '').replace(/ \(.*$|:.*$/, ''))).toEqual([
      'Run',
      'Execution metrics',
      'Completion by priority',
      'Agent performance',
      'Conflicts and resources',
      'Failed and blocked tickets',
      'Tickets that retried',
      'Actual against estimate',
      'Critical chain',
      'Recommendations',
      'Gantt chart',
      'Tickets',
    ]);
    expect(md).toContain('failed after 310ms: 4/6 completed, 1 failed, 1 blocked');
    expect(md).toContain('| Estimated | 300ms (the plan simulated from its estimates, as `tpe run --dry-run` predicts): actual 1.03× (+10ms) |');
    expect(md).toContain('| parallelism_factor | 1.61 |');
    expect(md).toContain('| low | 2 | 0 | 1 | 1 | 0 | 0 | 0% |');
    expect(md).toContain('| agent-001 | shell | 3 | 4 | 300ms | 97% | 2 | 75ms |');
    expect(md).toContain('| D | failed | low | agent-001 | 1 | EXIT_CODE: command exited with code 3, "disk full" | /w/.tpe/runs/x/logs/D.1.log |');
    expect(md).toContain('| E | blocked | low | shell | 0 | dependency D did not complete | - |');
    expect(md).toContain('- Fix the failed ticket (D)');
  });

  it('every table row has as many cells as its header, and a rule under it; pipes and line breaks in titles are escaped', async () => {
    const md = renderMarkdown(await report());
    const found = tables(md);
    expect(found.length).toBeGreaterThanOrEqual(10);
    for (const t of found) {
      const width = cells(t[0]!).length;
      expect(t[1]).toMatch(/^\|(-{3}:?\|)+$/);
      for (const row of t) expect(cells(row)).toHaveLength(width);
    }
    expect(md).toContain('| A | Say "hi", then wait \\| go | critical |');
  });

  it('draws the actual schedule as a mermaid gantt: a section per agent, a task per attempt, tagged by outcome', async () => {
    const lines = mermaidGantt(await report());
    expect(lines.slice(0, 5)).toEqual(['```mermaid', 'gantt', '  title Actual schedule of test-plan (exec_20270115-080000-abcd)', '  dateFormat x', '  axisFormat %H:%M:%S']);
    const at = (ms: number) => START + ms;
    expect(lines.slice(5, 12)).toEqual([
      '  section agent-001',
      `  A :done, ${at(0)}, ${at(100)}`,
      `  C :crit, ${at(100)}, ${at(150)}`,
      `  C (attempt 2) :done, ${at(160)}, ${at(260)}`,
      `  D :crit, ${at(260)}, ${at(310)}`,
      '  section agent-002',
      `  B :done, ${at(100)}, ${at(300)}`,
    ]);
    expect(lines[12]).toBe('```');
  });

  it('keeps mermaid syntax out of names, and gives up drawing past a readable size', async () => {
    const r = await report();
    const odd: RunReport = { ...r, run: { ...r.run, planName: 'a: b; #c' }, gantt: { ...r.gantt, bars: r.gantt.bars.map((b) => ({ ...b, ticket: `${b.ticket}:x` })) } };
    const lines = mermaidGantt(odd);
    expect(lines[2]).toBe('  title Actual schedule of a- b- -c (exec_20270115-080000-abcd)');
    expect(lines[6]).toMatch(/^ {2}A-x :done, \d+, \d+$/);
    const many: RunReport = { ...r, gantt: { ...r.gantt, bars: Array.from({ length: MERMAID_MAX_BARS + 1 }, () => r.gantt.bars[0]!) } };
    expect(mermaidGantt(many).join('\n')).toContain(`${MERMAID_MAX_BARS + 1} attempts: too many to draw here`);
  });

  it('a live run: as of when, no comparison with the estimate before every ticket has finished, the running attempt active', async () => {
    const md = renderMarkdown(await buildReport(liveInput(), { whatIf: false }));
    expect(md).toContain('running (live, as of 2027-01-15 08:00:00 UTC) after 280ms: 3/6 completed, 2 executing, 1 waiting');
    expect(md).toContain('| Ended | not yet (as of 2027-01-15 08:00:00 UTC) |');
    expect(md).toContain('| Estimated | 300ms for the whole plan (simulated from its estimates, as `tpe run --dry-run` predicts); 3 tickets not finished, so no comparison |');
    expect(md).toContain(`  D :active, ${START + 260}, ${START + 280}`);
  });
});
