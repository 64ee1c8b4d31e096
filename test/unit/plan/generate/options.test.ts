/**
 * `tpe plan` options: filters (scope, category, priority), strategies, agent
 * counts, the output file, and the inputs it refuses.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture, plan } from './helpers.js';

interface Written {
  execution_plan: {
    metadata: { strategy: string; total_tickets: number; agents: number; estimated_duration: string };
    parallel_groups: { group_id: number; tickets: string[]; agents_required: number }[];
    optimization_recommendations: string[];
    satisfied?: string[];
  };
  agents: Record<string, { count: number; command?: unknown }>;
  registry: string;
}

async function generated(target: string, opts: Parameters<typeof plan>[2] = {}) {
  const r = await plan(fixture(), target, opts);
  expect(r.code, r.stderr).toBe(0);
  return parse(r.stdout) as Written;
}
const planned = (w: Written) => w.execution_plan.parallel_groups.flatMap((g) => g.tickets);

const work = mkdtempSync(join(tmpdir(), 'tpe-plan-options-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe plan: which tickets', () => {
  it('--category keeps those categories (any case), and settled dependencies of theirs are satisfied', async () => {
    const w = await generated('seed-folder', { category: 'system' });
    expect(planned(w).sort()).toEqual(['SYS-001', 'SYS-002']);
    expect(w.execution_plan.satisfied).toEqual(['SYS-000']);
  });

  it('--priority keeps those priorities', async () => {
    const w = await generated('seed-folder', { priority: 'critical,high' });
    expect(planned(w).sort()).toEqual(['FEAT-005', 'MOD-012', 'SYS-001', 'SYS-002']);
  });

  it('--scope all lists every settled ticket as satisfied; pending lists only those depended on', async () => {
    expect((await generated('seed-folder', { scope: 'all' })).execution_plan.satisfied).toEqual(['FEAT-003', 'FEAT-004', 'SYS-000']);
    expect((await generated('seed-folder')).execution_plan.satisfied).toEqual(['FEAT-003', 'SYS-000']);
  });

  it('refuses a filter that leaves out an unfinished dependency, at the dependency entry, naming the filter', async () => {
    const r = await plan(fixture(), 'seed-folder', { category: 'feature' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error seed-folder/blocked/FEAT-005-status-page.md:8:16 dependencies[0]: ticket FEAT-005 depends on MOD-012, which --category feature (its category is modularization) leaves out and is not completed',
    );
    expect(r.stdout).toBe('');
  });

  it('writes nothing when nothing is left to plan (a plan without groups would run everything)', async () => {
    const r = await plan(fixture(), 'seed-folder', { category: 'nothing' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nothing to plan: of 10 ticket(s), 3 are settled');
  });

  it('rejects unknown --scope and --priority values', async () => {
    expect((await plan(fixture(), 'seed-folder', { scope: 'everything' })).stderr).toContain('--scope "everything": expected one of pending, all');
    const r = await plan(fixture(), 'seed-folder', { priority: 'urgent' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--priority "urgent"');
  });
});

describe('tpe plan: strategies and agents', () => {
  it('sequential: one ticket a group, dependencies first, one agent a type, and the faster strategy as advice', async () => {
    const w = await generated('seed-folder', { strategy: 'sequential' });
    const order = planned(w);
    expect(w.execution_plan.parallel_groups.every((g) => g.tickets.length === 1)).toBe(true);
    expect(order.indexOf('SYS-001')).toBeLessThan(order.indexOf('MOD-012'));
    expect(order.indexOf('MOD-012')).toBeLessThan(order.indexOf('FEAT-005'));
    expect(w.agents['general-purpose']!.count).toBe(1);
    expect(w.execution_plan.optimization_recommendations.some((r) => r.startsWith('Use --strategy balanced: predicted makespan 14.33 hours → '))).toBe(true);
  });

  it('maximum: waves split only on conflicts, the pool widened to the widest one as the run will', async () => {
    const w = await generated('native/plan.yaml', { strategy: 'maximum' });
    expect(w.execution_plan.parallel_groups[0]).toMatchObject({ tickets: ['API-001', 'API-002', 'DB-001'], agents_required: 3 });
    expect(w.agents.shell!.count).toBe(2);
    expect(w.execution_plan.metadata.agents).toBe(4);
  });

  it('balanced: groups fit the agents, and the advice measures what more agents would give', async () => {
    const w = await generated('native/plan.yaml', { agents: 'shell=1', strategy: 'balanced' });
    expect(w.execution_plan.parallel_groups.map((g) => g.tickets)).toEqual([['API-001'], ['API-002'], ['DB-001'], ['DB-002', 'DOC-001'], ['REL-001']]);
    expect(w.agents.shell!.count).toBe(1);
    expect(w.execution_plan.optimization_recommendations).toContain('Add 1 shell agent: predicted makespan 2.25 hours → 1.58 hours (simulated)');
  });

  it('--agents N sets every agent type; an unknown type is a problem', async () => {
    const w = await generated('seed-folder', { agents: '4' });
    expect(Object.fromEntries(Object.entries(w.agents).map(([name, a]) => [name, a.count]))).toEqual({ 'general-purpose': 4, 'agent-creator': 4 });
    const r = await plan(fixture(), 'seed-folder', { agents: 'agent-creatr=2' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown agent type "agent-creatr" (did you mean "agent-creator"?)');
  });
});

describe('tpe plan: output and inputs', () => {
  it('--output writes the file, rebases the registry and --agent-command onto its folder, and says where on stderr', async () => {
    const out = join(work, 'out', 'plan.yaml');
    const r = await plan(fixture(), 'seed-folder', { output: out, agentCommand: './agents/run.sh --fast' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/Wrote .*out\/plan\.yaml: 7 tickets in 6 groups, predicted makespan 11h 35m\. Run it with: tpe run /);
    const w = parse(readFileSync(out, 'utf8')) as Written;
    expect(join(work, 'out', w.registry)).toBe(fixture('seed-folder'));
    const command = (w.agents['general-purpose']!.command as string[]) ?? [];
    expect(join(work, 'out', command[0]!)).toBe(fixture('agents/run.sh'));
    expect(command.slice(1)).toEqual(['--fast']);
  });

  it('asks for no command when every planned ticket has its own run', async () => {
    const r = await plan(fixture('validate'), 'tickets');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain('TODO');
    expect(r.stdout).toContain('general-purpose: { count: 4, executor: process }');
  });

  it('keeps a shell --agent-command as one string', async () => {
    const w = await generated('seed-folder', { agentCommand: 'claude -p < "$TICKET_FILE"' });
    expect(w.agents['general-purpose']!.command).toBe('claude -p < "$TICKET_FILE"');
  });

  it("carries a native plan's inline tickets beside execution_plan, written from the plan's folder", async () => {
    const release = join(fixture(), '..', '..', '..', 'examples', 'release');
    const r = await plan(release, 'plan.yaml');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('execution_plan:');
    expect(r.stdout).toMatch(/\ntickets:\n {2}- \{ id: SYS-001,/);
    expect(r.stdout).not.toContain('registry:');
  });

  it('refuses to write inline tickets to another folder, at the first one', async () => {
    const r = await plan(join(fixture(), '..', '..', '..'), 'examples/release/plan.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('examples/release/plan.yaml:22:5 12 ticket(s) are written in this plan: write the execution plan in the same folder');
  });

  it('refuses a missing input and a missing target', async () => {
    const missing = await plan(fixture(), 'no-such-folder');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-folder');
    const none = await plan(fixture(), undefined);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('give a tickets folder or a plan');
  });
});
