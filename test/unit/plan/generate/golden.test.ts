/**
 * `tpe plan` against golden files, byte for byte (SOURCE_DATE_EPOCH set):
 * a seed-format ticket folder written with every frontmatter spelling the
 * seed uses, and a native plan over a registry. The generated text must
 * compile, through the seed plan reader `tpe run` uses, to exactly the
 * planned tickets in the written groups. UPDATE_GOLDEN=1 rewrites the files.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compilePlan, type PlanProblem } from '../../../../src/plan/index.js';
import { fixture, plan } from './helpers.js';

const cases = [
  { name: 'a seed-format ticket folder', target: 'seed-folder', golden: 'seed-folder.expected.yaml' },
  { name: 'a native plan over a registry', target: 'native/plan.yaml', golden: 'native.expected.yaml' },
];

function compiled(text: string) {
  return compilePlan(parse(text), { file: fixture('generated.yaml'), baseDir: fixture() });
}

describe('tpe plan: golden files', () => {
  for (const c of cases) {
    it(`writes the expected execution plan for ${c.name}`, async () => {
      const r = await plan(fixture(), c.target);
      expect(r.code, r.stderr).toBe(0);
      if (process.env.UPDATE_GOLDEN) writeFileSync(fixture(c.golden), r.stdout);
      expect(r.stdout).toBe(readFileSync(fixture(c.golden), 'utf8'));
    });
  }

  it('reads every frontmatter spelling: ticket_id/id, priority and status in any case, flat and object dependencies, ranges, bare ids', async () => {
    const text = readFileSync(fixture('seed-folder.expected.yaml'), 'utf8');
    const ep = parse(text).execution_plan;
    // Settled (completed, archived, cancelled) tickets are left out; in_progress and blocked ones are planned.
    expect(ep.parallel_groups.flatMap((g: { tickets: string[] }) => g.tickets).sort()).toEqual(['009', 'DOC-001', 'FEAT-005', 'MOD-012', 'MOD-013', 'SYS-001', 'SYS-002']);
    expect(ep.metadata).toMatchObject({ generated: '2025-08-18T10:00:00Z', strategy: 'balanced', total_tickets: 7 });
    // FEAT-005 depends on MOD-012 (6-8h: 7 hours) which follows SYS-001 (`sequential`, 2 hours).
    expect(ep.critical_path).toEqual({ tickets: ['SYS-001', 'MOD-012', 'FEAT-005'], total_duration: '11.5 hours', bottlenecks: ['SYS-001'] });
    expect(ep.satisfied).toEqual(['FEAT-003', 'SYS-000']);
  });

  it('compiles through the seed plan reader: the commandless folder plan says NOTHING_TO_RUN for each ticket until a command is set', async () => {
    const loaded = compiled(readFileSync(fixture('seed-folder.expected.yaml'), 'utf8'));
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(new Set(problems.map((p: PlanProblem) => p.code))).toEqual(new Set(['NOTHING_TO_RUN']));
    expect(problems).toHaveLength(7);
  });

  it('compiles to the planned tickets, in the written groups, once --agent-command is given', async () => {
    const r = await plan(fixture(), 'seed-folder', { agentCommand: 'claude -p "do the ticket"' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('general-purpose: { count: 2, executor: process, command: [claude, -p, do the ticket] }');
    expect(r.stdout).not.toContain('TODO set `command:`');
    const loaded = compiled(r.stdout);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const groups = parse(r.stdout).execution_plan.parallel_groups as { group_id: number; tickets: string[] }[];
    const written = groups.flatMap((g) => g.tickets.map((id) => [id, String(g.group_id)]));
    expect(loaded.value.tickets.map((t) => [t.id, t.group])).toEqual(written);
    expect(loaded.value.tickets.find((t) => t.id === 'MOD-012')).toMatchObject({ agent: 'agent-creator', work: { command: { argv: ['claude', '-p', 'do the ticket'] } } });
    expect(loaded.value.strategy).toBe('balanced');
  });

  it('carries a native plan\'s settings, with relative programs rebased onto the output\'s folder', async () => {
    const text = readFileSync(fixture('native.expected.yaml'), 'utf8');
    const doc = parse(text);
    expect(doc.registry).toBe('./native/tickets');
    expect(doc.agents.reviewer).toEqual({ count: 1, executor: 'process', command: ['./native/agents/review.sh', '--strict'] });
    expect(doc.routing).toEqual({ documentation: 'reviewer', default: 'shell' });
    expect(doc.defaults).toEqual({ agent: 'shell', timeout: '3h', retries: 1 });
    const loaded = compiled(text);
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    expect(loaded.value.strategy).toBe('critical-path');
    expect(loaded.value.tickets.map((t) => t.id).sort()).toEqual(['API-001', 'API-002', 'DB-001', 'DB-002', 'DOC-001', 'REL-001']);
    expect(loaded.value.tickets.find((t) => t.id === 'DOC-001')).toMatchObject({ agent: 'reviewer', work: { command: { argv: [fixture('native/agents/review.sh'), '--strict'] } } });
  });
});

describe('tpe plan: determinism', () => {
  it('gives the same bytes twice', async () => {
    const first = await plan(fixture(), 'seed-folder', { strategy: 'critical-path', scope: 'all' });
    const second = await plan(fixture(), 'seed-folder', { strategy: 'critical-path', scope: 'all' });
    expect(first.code).toBe(0);
    expect(second.stdout).toBe(first.stdout);
  });

  it('dates the plan by the newest input file without SOURCE_DATE_EPOCH', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpe-plan-'));
    try {
      cpSync(fixture('native'), dir, { recursive: true });
      const old = new Date('2025-01-01T00:00:00Z');
      for (const file of ['plan.yaml', ...readdirSync(join(dir, 'tickets')).map((f) => join('tickets', f))]) utimesSync(join(dir, file), old, old);
      const newest = new Date('2025-09-01T12:34:56.789Z');
      utimesSync(join(dir, 'tickets', 'API-002.md'), newest, newest);
      const a = await plan(dir, 'plan.yaml', {}, {});
      const b = await plan(dir, 'plan.yaml', {}, {});
      expect(a.stdout).toContain('generated: "2025-09-01T12:34:56Z"');
      expect(b.stdout).toBe(a.stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a SOURCE_DATE_EPOCH that is not whole seconds', async () => {
    const r = await plan(fixture(), 'seed-folder', {}, { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('SOURCE_DATE_EPOCH="yesterday"');
  });
});
