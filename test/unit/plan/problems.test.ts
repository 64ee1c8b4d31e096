import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePlan, formatProblem, loadPlan, loadTicketFolder, type PlanProblem } from '../../../src/plan/index.js';
import { fixture, rendered } from './helpers.js';

const dir = fixture('problems');
const load = async (name: string) => rendered(await loadPlan(join(dir, name)), dir);

describe('formatProblem', () => {
  const base: PlanProblem = { code: 'UNKNOWN_TICKET', file: '/p/plan.yaml', line: 14, col: 7, path: 'tickets[3].depends_on[0]', message: 'unknown ticket "SYS-99"' };

  it('renders file:line:col, path and message', () => {
    expect(formatProblem(base)).toBe('/p/plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99"');
  });
  it('shows files relative to cwd when inside it', () => {
    expect(formatProblem(base, { cwd: '/p' })).toBe('plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99"');
    expect(formatProblem(base, { cwd: '/elsewhere' })).toBe('/p/plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99"');
  });
  it('appends expected, found and a suggestion', () => {
    const problem: PlanProblem = { ...base, code: 'INVALID_FIELD', path: 'agents.shell.count', message: 'invalid value', expected: 'a positive integer', found: '0' };
    expect(formatProblem(problem, { cwd: '/p' })).toBe('plan.yaml:14:7 agents.shell.count: invalid value: expected a positive integer, found 0');
    expect(formatProblem({ ...base, suggestion: 'SYS-09' }, { cwd: '/p' })).toBe(
      'plan.yaml:14:7 tickets[3].depends_on[0]: unknown ticket "SYS-99" (did you mean "SYS-09"?)',
    );
  });
  it('omits an empty path', () => {
    expect(formatProblem({ ...base, path: '', message: 'no such file or directory' })).toBe('/p/plan.yaml:14:7 no such file or directory');
  });
});

describe('problems in a native plan, located and rendered', () => {
  it('YAML_SYNTAX: a syntax error at its position', async () => {
    expect(await load('syntax.yaml')).toEqual(['syntax.yaml:4:3 Flow sequence in block collection must be sufficiently indented and end with a ]']);
    expect(await load('duplicate-key.yaml')).toEqual(['duplicate-key.yaml:4:5 Map keys must be unique']);
  });

  it('INVALID_FIELD: a file that is not a plan', async () => {
    expect(await load('not-a-plan.yaml')).toEqual(['not-a-plan.yaml:1:1 not a plan: expected a mapping with `tickets` (see `tpe schema`), found a list']);
  });

  it('INVALID_FIELD: wrong types and values, every one of them', async () => {
    expect(await load('wrong-types.yaml')).toEqual([
      'wrong-types.yaml:1:11 strategy: invalid value: expected one of maximum, balanced, sequential, critical-path, found "fastest"',
      'wrong-types.yaml:3:19 agents.shell.count: invalid value: expected a non-negative integer, found -1',
      'wrong-types.yaml:4:24 resources.database: invalid value: expected a positive integer, found 0',
      'wrong-types.yaml:7:17 tickets[0].depends_on: wrong type: expected a list of ticket ids, found a mapping',
      'wrong-types.yaml:8:15 tickets[0].priority: invalid value: expected one of critical, high, medium, low, found "someday"',
      'wrong-types.yaml:9:14 tickets[0].timeout: a number without a unit (write 5s, 5m or 5h): expected a duration such as 250ms, 90s, 20m, 1.5h, 2 hours or 6-8h, found 5',
      'wrong-types.yaml:10:15 tickets[0].estimate: invalid duration: expected a duration such as 250ms, 90s, 20m, 1.5h, 2 hours or 6-8h, found "2 fortnights"',
      'wrong-types.yaml:11:15 tickets[0].isolated: wrong type: expected true or false, found "yes"',
      'wrong-types.yaml:12:16 tickets[0].validate[0].run: required field is missing',
      'wrong-types.yaml:12:18 tickets[0].validate[0].rnu: unknown field (did you mean "run"?)',
      'wrong-types.yaml:14:10 tickets[1].run: invalid value: expected a non-empty argv list, found an empty list',
      'wrong-types.yaml:15:5 tickets[2].id: required field is missing',
    ]);
  });

  it('INVALID_FIELD: an unknown field is an error, with a suggestion or the known fields', async () => {
    expect(await load('unknown-field.yaml')).toEqual([
      'unknown-field.yaml:4:5 tickets[0].depends-on: unknown field (did you mean "depends_on"?)',
      'unknown-field.yaml:7:5 tickets[1].colour: unknown field: expected one of id, title, agent, category, priority, estimate, depends_on, after, conflicts_with, resources, files, isolated, run, input, validate, rollback, timeout, retries, backoff, cwd, env, group',
    ]);
  });

  it('UNKNOWN_TICKET: at the list entry, with known ids or a near miss', async () => {
    expect(await load('unknown-ticket.yaml')).toEqual([
      'unknown-ticket.yaml:8:26 tickets[2].depends_on[1]: unknown ticket "SYS-99" (known: SYS-01, SYS-02, SYS-03)',
      'unknown-ticket.yaml:9:13 tickets[2].after[0]: unknown ticket "SYS-2" (did you mean "SYS-02"?)',
    ]);
  });

  it('DUPLICATE_ID: case-insensitive, at the second, naming the first', async () => {
    expect(await load('duplicate-id.yaml')).toEqual(['duplicate-id.yaml:4:9 tickets[1].id: duplicate ticket id "sys-01" (first defined at line 2, column 9)']);
  });

  it('UNKNOWN_AGENT: in routing, defaults and tickets', async () => {
    expect(await load('unknown-agent.yaml')).toEqual([
      'unknown-agent.yaml:4:20 routing.system: unknown agent type "project-optimiser" for category "system" (did you mean "project-optimizer"?)',
      'unknown-agent.yaml:4:45 routing.docs: unknown agent type "writer" for category "docs" (known: shell, project-optimizer)',
      'unknown-agent.yaml:5:20 defaults.agent: unknown agent type "shel" (did you mean "shell"?)',
      'unknown-agent.yaml:8:12 tickets[0].agent: unknown agent type "projectoptimizer" (did you mean "project-optimizer"?)',
    ]);
  });

  it('UNKNOWN_AGENT: no way to choose among several agent types', async () => {
    expect(await load('no-agent-choice.yaml')).toEqual([
      'no-agent-choice.yaml:5:5 tickets[0]: no agent type for ticket A: give it `agent:`, route its category "system" in `routing`, or set `defaults.agent` (agent types: shell, compute)',
    ]);
  });

  it('UNKNOWN_RESOURCE and OVER_CAPACITY', async () => {
    expect(await load('resources.yaml')).toEqual([
      'resources.yaml:5:18 tickets[0].resources.databse: unknown resource "databse" (did you mean "database"?)',
      'resources.yaml:8:29 tickets[1].resources.api-quota: ticket B needs more "api-quota" than its capacity, so it could never start: expected at most 3, found 4',
      'resources.yaml:11:16 tickets[2].resources[0]: unknown resource "gpu" (known: database, api-quota)',
    ]);
  });

  it('NO_AGENTS: an agent type with tickets but count 0, and no agent types at all', async () => {
    expect(await load('no-agents.yaml')).toEqual([
      'no-agents.yaml:2:19 agents.shell.count: agent type "shell" has 2 ticket(s) to run but no agents: expected a positive count, found 0',
    ]);
    expect(await load('empty-agents.yaml')).toEqual(['empty-agents.yaml:1:9 agents: no agent types are defined: tickets need at least one under `agents`']);
  });

  it('NOTHING_TO_RUN', async () => {
    expect(await load('nothing-to-run.yaml')).toEqual([
      'nothing-to-run.yaml:4:5 tickets[0]: ticket SYS-015 has nothing to run: give it `run:` or route it to an agent type with a `command` (its agent type is "shell")',
    ]);
  });

  it('a worker agent: missing module, misplaced command, a ticket with `run`', async () => {
    expect(await load('worker-run.yaml')).toEqual([
      'worker-run.yaml:2:50 agents.compute.module: module ./missing.mjs: no such file',
      'worker-run.yaml:2:74 agents.compute.command: `command` applies to process agents only, and this one is a worker agent',
      'worker-run.yaml:5:10 tickets[0].run: ticket A has `run`, but its agent type "compute" runs a JS module in a worker thread (executor: worker): give it `input` instead, or route it to a process agent',
    ]);
  });

  it('CYCLE: one per cycle, soft dependencies never count', async () => {
    expect(await load('cycle.yaml')).toEqual([
      'cycle.yaml:4:18 tickets[0].depends_on[0]: dependency cycle: SYS-1 → MOD-2 → SYS-1',
      'cycle.yaml:10:18 tickets[2].depends_on[0]: ticket depends on itself: SELF → SELF',
      'cycle.yaml:13:18 tickets[3].depends_on[0]: dependency cycle: C1 → C3 → C2 → C1',
    ]);
  });

  it('FILE_NOT_FOUND: the plan, a registry folder', async () => {
    expect(await load('missing.yaml')).toEqual(['missing.yaml:1:1 no such file or directory']);
    expect(await load('missing-registry.yaml')).toEqual(['missing-registry.yaml:1:11 registry: registry folder ./nowhere: no such file or directory']);
  });

  it('TOO_LARGE: a file over 10 MB is not read', async () => {
    const tmp = mkdtempSync(join(tmpdir(), 'tpe-plan-'));
    try {
      writeFileSync(join(tmp, 'huge.yaml'), `# ${'x'.repeat(11 * 1024 * 1024)}\n`);
      expect(rendered(await loadPlan(join(tmp, 'huge.yaml')), tmp)).toEqual(['huge.yaml:1:1 file is too large: expected at most 10 MB, found 11.0 MB']);
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('overrides: an unknown agent type or strategy', () => {
    const plan = { agents: { shell: { count: 1 } }, tickets: [{ id: 'A', run: 'make' }] };
    const result = compilePlan(plan, { file: 'plan.yaml', baseDir: '.', agents: { shel: 3, shell: -1 }, strategy: 'fast' as never });
    expect(rendered(result, '.')).toEqual([
      'plan.yaml:1:1 strategy: invalid strategy override: expected one of maximum, balanced, sequential, critical-path, found "fast"',
      'plan.yaml:1:1 agents: unknown agent type "shel" in the agent count override (did you mean "shell"?)',
      'plan.yaml:1:1 agents.shell.count: invalid agent count override for "shell": expected a non-negative integer, found -1',
    ]);
  });

  it('a plan built in code is located at file:1:1 with its field path', () => {
    const result = compilePlan({ tickets: [{ id: 'A', run: 'make', depends_on: ['B'] }] }, { file: '<memory>', baseDir: '/tmp' });
    expect(rendered(result, '/')).toEqual(['<memory>:1:1 tickets[0].depends_on[0]: unknown ticket "B" (known: A)']);
  });
});

describe('problems in a ticket folder, located in the markdown files', () => {
  it('reports every file, with frontmatter positions', async () => {
    const folder = fixture('problems', 'bad-registry');
    expect(rendered(await loadTicketFolder(folder), folder)).toEqual([
      'A-1.md:3:11 priority: invalid value: expected one of critical, high, medium, low, found "someday"',
      'a-1-copy.md:2:5 id: duplicate ticket id "a-1" (first defined at A-1.md:2:12)',
      'broken-yaml.md:3:1 Flow sequence in block collection must be sufficiently indented and end with a ]',
      'unclosed.md:1:1 the frontmatter is not closed by a `---` line',
    ]);
  });
});

describe('more problems', () => {
  const compile = (plan: object) => rendered(compilePlan(plan, { file: 'plan.yaml', baseDir: '/tmp' }), '/');

  it('a zero or ill-typed time limit', () => {
    expect(compile({ defaults: { timeout: 0 }, tickets: [{ id: 'A', run: 'x', timeout: [] }] })).toEqual([
      'plan.yaml:1:1 defaults.timeout: a time limit of 0: expected a duration longer than 0, such as 10m, found 0',
      'plan.yaml:1:1 tickets[0].timeout: wrong type: expected a duration such as 250ms, 90s, 20m, 1.5h, 2 hours or 6-8h, found an empty list',
    ]);
  });

  it('a markdown file given as a plan', async () => {
    const file = fixture('registry', 'pending', 'SYS-001.md');
    expect(rendered(await loadPlan(file), fixture('registry'))).toEqual([
      'pending/SYS-001.md:1:1 a single markdown ticket is not a plan: give its folder, or a plan whose `registry` holds it',
    ]);
  });

  it('a broken ticket still counts for duplicates and is not reported again when referenced', () => {
    expect(
      compile({
        tickets: [
          { id: 'A', run: 'x', timeout: 'soon' },
          { id: 'a', run: 'x' },
          { id: 'B', run: 'x', depends_on: ['A'] },
        ],
      }),
    ).toEqual([
      'plan.yaml:1:1 tickets[0].timeout: invalid duration: expected a duration such as 250ms, 90s, 20m, 1.5h, 2 hours or 6-8h, found "soon"',
      'plan.yaml:1:1 tickets[1].id: duplicate ticket id "a" (first defined at line 1, column 1)',
    ]);
  });
});
