/**
 * The built binary, end to end: what a user types and sees.
 * Runs `dist/cli/main.js` (built by `npm test` before vitest) on copies of the examples.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processIO } from '../../../src/cli/io.js';
import { buildProgram } from '../../../src/cli/program.js';
import { isAlive, waitFor } from '../../helpers/processes.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
let work: string;

function tpe(args: string[], cwd = work) {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-cli-'));
  cpSync(join(root, 'examples'), join(work, 'examples'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe (built binary)', () => {
  it('runs the demo plan: exit 0, a retry, the metrics summary, per-ticket logs', () => {
    const r = tpe(['run', 'examples/release/plan.yaml', '--no-live']);
    expect(r.stderr).toContain('completed in');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Run exec_\d{8}-\d{6}-[0-9a-f]{4} completed in .*12\/12 completed, 0 failed/);
    expect(r.stderr).toContain('API-001 attempt 1');
    expect(r.stderr).toContain('Completed after retry: API-001 (2 attempts)');
    for (const metric of ['total_tickets', 'average_execution_time', 'parallelism_factor', 'parallelism_efficiency', 'resource_utilization']) {
      expect(r.stderr).toContain(metric);
    }
    const runs = readdirSync(join(work, '.tpe', 'runs'));
    expect(runs).toHaveLength(1);
    const logs = readdirSync(join(work, '.tpe', 'runs', runs[0]!, 'logs'));
    expect(logs).toContain('API-001.1.log');
    expect(logs).toContain('API-001.2.log');
    expect(readFileSync(join(work, '.tpe', 'runs', runs[0]!, 'logs', 'API-001.1.log'), 'utf8')).toContain('upstream answered 503');
    const engineLog = readFileSync(join(work, '.tpe', 'runs', runs[0]!, 'engine.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(engineLog.some((l) => l.msg === 'run completed')).toBe(true);
  });

  it('prints the result as JSON with --json', () => {
    const r = tpe(['run', 'examples/release/plan.yaml', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ exitCode: 0, status: 'completed', planName: 'release-2.0' });
    expect(out.tickets).toHaveLength(12);
    expect(out.metrics.completed_tickets).toBe(12);
  });

  it('exits 1 when a ticket fails, blocking its dependents, and names the log', () => {
    writeFileSync(
      join(work, 'failing.yaml'),
      ['name: failing', 'tickets:', '  - { id: A, run: "echo broken >&2; exit 3" }', '  - { id: B, depends_on: [A], run: "true" }', '  - { id: C, run: "true" }', ''].join('\n'),
    );
    const r = tpe(['run', 'failing.yaml', '--no-live']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('A failed: command exited with code 3');
    expect(r.stderr).toMatch(/B\s+\| blocked/);
    expect(r.stderr).toContain('1/3 completed, 1 failed, 1 blocked');
  });

  it('prints only failures and the summary with --quiet', () => {
    writeFileSync(join(work, 'quiet.yaml'), ['name: quiet', 'tickets:', '  - { id: A, run: "exit 3" }', '  - { id: B, run: "true" }', ''].join('\n'));
    const r = tpe(['run', 'quiet.yaml', '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain('tpe running quiet');
    expect(r.stderr).not.toContain('logs in');
    expect(r.stderr).toContain('A failed: command exited with code 3');
    expect(r.stderr).toMatch(/Run exec_\S+ failed in .*1\/2 completed, 1 failed/);
  });

  it('rejects bad input with located messages and exit 2, never a stack trace', () => {
    writeFileSync(
      join(work, 'bad.yaml'),
      ['name: bad', 'agents:', '  shell: { count: 0 }', 'tickets:', '  - id: A', '    run: "true"', '    depends_on: [NOPE]', '  - id: A', '    run: "true"', ''].join('\n'),
    );
    const r = tpe(['run', 'bad.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+ /);
    expect(r.stderr).toContain('NOPE');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)/);
    const check = tpe(['check', 'bad.yaml']);
    expect(check.code).toBe(2);
    expect(tpe(['run', 'missing.yaml']).code).toBe(2);
    expect(tpe(['run', 'examples/release/plan.yaml', '--agents', 'nope=2']).code).toBe(2);
    expect(tpe(['run', 'examples/release/plan.yaml', '--strategy', 'fastest']).code).toBe(2);
    expect(tpe(['frobnicate']).code).toBe(2);
  });

  it('checks a good plan with exit 0 and a summary', () => {
    const r = tpe(['check', 'examples/release/plan.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('release-2.0: 12 tickets');
  });

  it('simulates with --dry-run without running anything', () => {
    const r = tpe(['run', 'examples/release/plan.yaml', '--dry-run', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.makespanMs).toBeGreaterThan(0);
    expect(out.makespanMs).toBeGreaterThanOrEqual(out.lowerBoundMs);
    expect(out.tickets).toHaveLength(12);
  });

  it('simulates a plan over agent counts, with the lower bound and a Gantt chart', () => {
    const r = tpe(['simulate', 'examples/release/plan.yaml', '--agents', '1..4', '--json', '--gantt', 'release.svg']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.curve).toHaveLength(4);
    for (const p of out.curve) expect(p.makespanMs).toBeGreaterThanOrEqual(p.lowerBoundMs);
    expect(out.curve[0].makespanMs).toBeGreaterThan(out.curve[3].makespanMs);
    expect(out.moreAgentsStopHelpingAt).toBeDefined();
    expect(readFileSync(join(work, 'release.svg'), 'utf8')).toContain('<svg');
    const table = tpe(['simulate', 'examples/release/plan.yaml', '--agents', 'shell=1..3', '--gantt', 'release.html']);
    expect(table.stdout).toContain('shell=3 compute=2');
    expect(table.stdout).toContain('Predicted schedule');
    expect(readFileSync(join(work, 'release.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it('prints help with examples for every command, and the JSON schema', () => {
    // Every registered command, so a new one without examples fails here.
    const names = buildProgram(processIO(), () => {}).commands.map((c) => c.name());
    expect(names).toEqual(expect.arrayContaining(['run', 'plan', 'simulate', 'diagnose', 'resume', 'adjust']));
    for (const cmd of [[], ...names.map((n) => [n])]) {
      const r = tpe([...cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
    const schema = JSON.parse(tpe(['schema']).stdout);
    expect(JSON.stringify(schema)).toContain('depends_on');
  });

  it('answers to the seed command name execute-parallel-plan', () => {
    const link = join(work, 'execute-parallel-plan');
    cpSync(bin, link);
    // A copy beside the real one would miss its imports: run through a symlink-like shim instead.
    writeFileSync(link, `#!/usr/bin/env node\nimport(${JSON.stringify(bin)});\n`);
    const res = spawnSync(process.execPath, [link, 'examples/release/plan.yaml', '--dry-run'], { cwd: work, encoding: 'utf8' });
    expect(res.stdout).toContain('Dry run');
  });
});

describe('tpe in the seed world', () => {
  it('runs a seed execution_plan over a markdown ticket registry, with the coding agent reading TICKET_FILE', () => {
    const ledger = join(work, 'ledger.txt');
    const res = spawnSync(process.execPath, [bin, 'run', 'examples/seed/execution-plan.yaml', '--no-live'], {
      cwd: work,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', AGENT_LEDGER: ledger, AGENT_SECONDS: '0.05' },
    });
    expect(res.stderr).toContain('4/4 completed');
    expect(res.status).toBe(0);
    const lines = readFileSync(ledger, 'utf8').trim().split('\n');
    // SYS-016 was completed in the registry: it is not run again, and MOD-013 (blocked by it) runs.
    expect(lines.sort()).toEqual([
      'Implement DOC-001: Document the v2 schema',
      'Implement MOD-012: Split the frontmatter template',
      'Implement MOD-013: Regenerate the template docs',
      'Implement SYS-015: Migrate the registry schema to v2',
    ]);
  });

  it('checks a ticket folder', () => {
    const r = tpe(['check', 'examples/seed/tickets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('5 tickets');
  });

  it('ships an execution plan that passes its own --validate-plan', () => {
    const r = tpe(['plan', '--validate-plan', 'examples/seed/execution-plan.yaml']);
    expect(r.stdout + r.stderr).toContain('no problems found');
    expect(r.code).toBe(0);
  });
});

describe('Ctrl-C', () => {
  it('stops at once on SIGINT, kills the running process group, and exits 130', async () => {
    const pidFile = join(work, 'sigint.pid');
    writeFileSync(
      join(work, 'long.yaml'),
      ['name: long', 'defaults: { kill_grace: 200ms }', 'tickets:', `  - { id: LONG, run: "sleep 1000 & echo $! > ${pidFile}; wait" }`, ''].join('\n'),
    );
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [bin, 'run', 'long.yaml', '--no-live'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 25));
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(130);
    expect(stderr).toContain('SIGINT: stopping');
    expect(stderr).toContain('LONG interrupted');
    expect(await waitFor(() => !isAlive(grandchild))).toBe(true);
  });
});
