/**
 * `tpe plan --validate-plan <file>`: an edited execution plan's groups are
 * checked, each problem located at the offending entry (file:line:col).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, plan } from './helpers.js';

const dir = fixture('validate');
const work = mkdtempSync(join(tmpdir(), 'tpe-validate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function validate(file: string, opts: Parameters<typeof plan>[2] = {}, cwd = dir) {
  const r = await plan(cwd, undefined, { validatePlan: file, ...opts });
  const errors = r.stderr.split('\n').filter((line) => line.startsWith('error '));
  return { ...r, errors };
}

describe('tpe plan --validate-plan', () => {
  it('passes a clean plan (a completed ticket may sit anywhere: it runs nowhere)', async () => {
    const r = await validate('ok.yaml');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('ok.yaml: 9 tickets: no problems found.\n');
  });

  it('finds dependencies in the same group or a later one', async () => {
    const r = await validate('order.yaml');
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'error order.yaml:5:32 execution_plan.parallel_groups[0].tickets[0]: A-3 depends on A-2, which is in group 2, a later one: move A-2 to an earlier group, or A-3 to a later one',
      'error order.yaml:6:32 execution_plan.parallel_groups[1].tickets[0]: A-2 depends on A-1, which is in the same group (2): move A-1 to an earlier group, or A-2 to a later one',
    ]);
    expect(r.stderr).toContain('2 problems found.');
  });

  it('finds conflicting tickets in one group: overlapping files, isolation, declared conflicts', async () => {
    const r = await validate('conflict.yaml');
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'error conflict.yaml:6:37 execution_plan.parallel_groups[0].tickets[1]: B-1 and A-1 conflict (their affected files overlap: src/a.ts), so they never run together: they cannot share group 1',
      'error conflict.yaml:7:32 execution_plan.parallel_groups[1].tickets[0]: C-1 is isolated (nothing may run beside it), but group 2 holds 1 other ticket(s): give it a group of its own',
      'error conflict.yaml:8:42 execution_plan.parallel_groups[2].tickets[2]: E-2 and A-3 conflict (declared), so they never run together: they cannot share group 3',
    ]);
  });

  it('finds groups wider than the agents: declared totals, declared counts by type, tickets of one type', async () => {
    const r = await validate('agents.yaml');
    expect(r.code).toBe(2);
    expect(r.errors).toEqual([
      'error agents.yaml:7:24 execution_plan.parallel_groups[0].agents_required: group 1 requires 5 agents, but the plan has 3 (2 shell, 1 writer)',
      "error agents.yaml:9:27 execution_plan.parallel_groups[1].tickets[2]: group 2 has more shell tickets than the plan's 2 shell agent(s): E-2 and the ones after it wait, so the group cannot run at once",
      'error agents.yaml:10:41 execution_plan.parallel_groups[1].agents_required_by_type.shell: group 2 requires 3 shell agents, but the plan has 2',
      'error agents.yaml:10:52 execution_plan.parallel_groups[1].agents_required_by_type.robots: group 2 requires agents of type "robots", which the plan does not have (2 shell, 1 writer)',
    ]);
  });

  it('counts agents with --agents', async () => {
    expect((await validate('agents.yaml', { agents: 'shell=3' })).errors).toHaveLength(2);
    expect((await validate('ok.yaml', { agents: '1' })).errors).toEqual([
      "error ok.yaml:8:37 execution_plan.parallel_groups[2].tickets[1]: group 3 has more shell tickets than the plan's 1 shell agent(s): B-1 and the ones after it wait, so the group cannot run at once",
      "error ok.yaml:9:42 execution_plan.parallel_groups[3].tickets[2]: group 4 has more shell tickets than the plan's 1 shell agent(s): E-2 and the ones after it wait, so the group cannot run at once",
      'error ok.yaml:9:70 execution_plan.parallel_groups[3].agents_required: group 4 requires 3 agents, but the plan has 2 (1 shell, 1 writer)',
    ]);
  });

  it('prints the problems as JSON with --json, each tagged with its check', async () => {
    const r = await validate('conflict.yaml', { json: true });
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { ok: boolean; problems: { check: string; line: number; col: number; text: string }[] };
    expect(out.ok).toBe(false);
    expect(out.problems.map((p) => [p.check, p.line, p.col])).toEqual([
      ['conflict', 6, 37],
      ['conflict', 7, 32],
      ['conflict', 8, 42],
    ]);
    expect(out.problems[0]!.text).toMatch(/^conflict\.yaml:6:37 /);
    expect(JSON.parse((await validate('ok.yaml', { json: true })).stdout)).toMatchObject({ ok: true, problems: [] });
  });

  it("reports the loader's problems (an unknown ticket) where they are", async () => {
    writeFileSync(
      join(work, 'unknown.yaml'),
      ['execution_plan:', '  parallel_groups:', '    - { group_id: 1, tickets: [A-1, A-9] }', `registry: ${JSON.stringify(join(dir, 'tickets'))}`, 'agents: { shell: { count: 2 } }', ''].join('\n'),
    );
    const r = await validate('unknown.yaml', {}, work);
    expect(r.code).toBe(2);
    expect(r.errors[0]).toMatch(/^error unknown\.yaml:3:37 execution_plan\.parallel_groups\[0\]\.tickets\[1\]: unknown ticket "A-9"/);
  });

  it('says a native plan has no groups to check', async () => {
    const r = await validate(fixture('native/plan.yaml'));
    expect(r.code).toBe(2);
    expect(r.errors[0]).toContain('not an execution plan: --validate-plan checks the groups of an `execution_plan:` file');
  });

  it('passes what tpe plan generates', async () => {
    for (const [target, strategy] of [
      ['native/plan.yaml', 'balanced'],
      ['native/plan.yaml', 'sequential'],
      ['seed-folder', 'critical-path'],
    ] as const) {
      const out = join(work, `${strategy}.yaml`);
      const generated = await plan(fixture(), target, { output: out, strategy, agentCommand: 'true' });
      expect(generated.code, generated.stderr).toBe(0);
      const r = await validate(out, {}, work);
      expect(r.errors, target).toEqual([]);
      expect(r.code).toBe(0);
    }
  });
});
