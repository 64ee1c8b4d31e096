/**
 * `tpe plan` on a 10,000-ticket folder plans in seconds: loading the files
 * dominates; grouping, conflicts and the simulations stay near linear.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plan } from '../../unit/plan/generate/helpers.js';

const N = 10_000;
let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-plan-scale-'));
  for (const status of ['pending', 'completed']) mkdirSync(join(work, 'tickets', status), { recursive: true });
  for (let i = 0; i < N; i++) {
    const status = i < N / 5 ? 'completed' : 'pending';
    // Each ticket depends on one of the 50 before it, and 20 tickets share each file.
    const deps = i > 50 ? `[T-${i - 1 - (i % 50)}]` : '[]';
    writeFileSync(
      join(work, 'tickets', status, `T-${i}.md`),
      `---\nticket_id: T-${i}\ntitle: Ticket ${i}\npriority: ${['critical', 'high', 'medium', 'low'][i % 4]}\nstatus: ${status}\nestimated_effort: ${1 + (i % 7)} hours\ndependencies: ${deps}\naffected_files: [src/f${i % 500}.ts]\n---\n`,
    );
  }
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe plan at scale', () => {
  // No time limit here (the machine is shared; timings belong in bench/): this
  // checks that a folder this size plans at all, with one entry per shared file.
  it(`plans ${N.toLocaleString('en')} tickets`, async () => {
    const r = await plan(work, 'tickets', { agents: '8' });
    expect(r.code, r.stderr).toBe(0);
    const ep = parse(r.stdout).execution_plan;
    expect(ep.metadata.total_tickets).toBe(N * 0.8);
    // One conflict entry per shared file, not one per pair (190 pairs each).
    expect(ep.conflicts).toHaveLength(500);
  }, 60_000);
});
