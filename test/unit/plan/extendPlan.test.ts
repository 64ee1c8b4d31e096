import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extendPlan, formatProblem, loadPlan } from '../../../src/plan/index.js';
import type { CompiledPlan } from '../../../src/plan/types.js';

const dir = mkdtempSync(join(tmpdir(), 'tpe-extend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const write = (name: string, lines: string[]) => {
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
};

async function base(): Promise<CompiledPlan> {
  const file = write('plan.yaml', ['name: base', 'tickets:', '  - { id: A, run: "true", files: [src/a.ts] }', '  - { id: B, run: "true", depends_on: [A] }']);
  const loaded = await loadPlan(file);
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => formatProblem(p)).join('\n'));
  return loaded.value;
}

describe('extendPlan', () => {
  it('appends new tickets after the old ones, references and derived conflicts included', async () => {
    const plan = await base();
    const add = write('more.yaml', ['tickets:', '  - { id: C, run: "true", depends_on: [B] }', '  - { id: D, run: "true", files: ["src/**"] }']);
    const extended = await extendPlan(plan, add);
    if (!extended.ok) throw new Error(extended.problems.map((p) => formatProblem(p)).join('\n'));
    expect(extended.value.tickets.map((t) => t.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(extended.value.tickets.map((t) => t.index)).toEqual([0, 1, 2, 3]);
    expect(extended.value.tickets[2]?.dependsOn).toEqual([1]);
    // D's glob overlaps A's file: the conflict is on both sides.
    expect(extended.value.tickets[0]?.conflictsWith).toContain(3);
    expect(extended.value.tickets[3]?.conflictsWith).toContain(0);
  });

  it('accepts a bare list of tickets', async () => {
    const extended = await extendPlan(await base(), write('list.yaml', ['- { id: E, run: "true" }']));
    expect(extended.ok && extended.value.tickets.map((t) => t.id)).toEqual(['A', 'B', 'E']);
  });

  it('locates problems of added tickets in the file of additions', async () => {
    const add = write('bad.yaml', ['tickets:', '  - id: C', '    run: "true"', '    depends_on: [NOPE]', '  - { id: a, run: "true" }']);
    const extended = await extendPlan(await base(), add);
    expect(extended.ok).toBe(false);
    if (extended.ok) return;
    const text = extended.problems.map((p) => formatProblem(p, { cwd: dir }));
    expect(text).toContain('bad.yaml:4:18 tickets[0].depends_on[0]: unknown ticket "NOPE" (known: A, B, C)');
    expect(text.some((t) => t.startsWith('bad.yaml:5:') && t.includes('duplicate ticket id "a"'))).toBe(true);
  });

  it('refuses an empty file and a seed plan', async () => {
    const empty = await extendPlan(await base(), write('empty.yaml', ['tickets: []']));
    expect(!empty.ok && empty.problems[0]?.message).toMatch(/nothing to add/);
  });
});
