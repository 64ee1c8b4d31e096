/**
 * `tpe report` end to end through the built binary (`dist/cli/main.js`, built
 * by `npm test` before vitest): a small real run, then its report in every
 * format, and bad input.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
let work: string;
let runId: string;

function tpe(args: string[]) {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 30_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-report-cli-'));
  writeFileSync(
    join(work, 'plan.yaml'),
    [
      'name: small',
      'agents:',
      '  shell: { count: 2 }',
      'tickets:',
      '  - { id: A, title: "Say \\"hi\\", then\\nwait", priority: high, estimate: 1s, run: "true" }',
      '  - { id: B, title: Flaky, retries: 1, backoff: 10ms, run: "test -f flaky.done || { touch flaky.done; exit 1; }" }',
      '  - { id: C, title: Broken, priority: low, run: "exit 3" }',
      '  - { id: D, depends_on: [C], run: "true" }',
      '',
    ].join('\n'),
  );
  const run = tpe(['run', 'plan.yaml', '--json']);
  expect(run.code).toBe(1);
  runId = (JSON.parse(run.stdout) as { runId: string }).runId;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe report (built binary)', () => {
  it('markdown on stdout by default: the session summary and a mermaid chart', () => {
    const r = tpe(['report']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`# Run report: ${runId} (small)`);
    expect(r.stdout).toMatch(/failed after .*: 2\/4 completed, 1 failed, 1 blocked/);
    for (const section of ['## Execution metrics', '## Completion by priority', '## Agent performance', '## Conflicts and resources', '## Failed and blocked tickets', '## Tickets that retried', '## Recommendations', '```mermaid']) {
      expect(r.stdout).toContain(section);
    }
    expect(r.stdout).toMatch(/\| C \| failed \| low \| agent-00\d \| 1 \| EXIT_CODE: command exited with code 3/);
  });

  it('json: the model, agreeing with what the run itself reported', () => {
    const r = tpe(['report', runId, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report).toMatchObject({ kind: 'run-report', run: { id: runId, status: 'failed' }, retried: ['B'], problems: ['C', 'D'] });
    expect(report.metrics).toMatchObject({ total_tickets: 4, completed_tickets: 2, failed_tickets: 1, blocked_tickets: 1, agents: 2 });
  });

  it('csv: one row per ticket, the title quoted as RFC 4180 asks', () => {
    const r = tpe(['report', '--format', 'csv', '-o', 'tickets.csv']);
    expect(r.code).toBe(0);
    const csv = readFileSync(join(work, 'tickets.csv'), 'utf8');
    expect(csv.startsWith('id,title,priority,')).toBe(true);
    expect(csv).toContain('A,"Say ""hi"", then\nwait",high,');
    // Header and four tickets, each ended by CRLF.
    expect(csv.split('\r\n')).toHaveLength(6);
  });

  it('html: one self-contained file with the chart inline', () => {
    const r = tpe(['report', '-o', 'report.html']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(work, 'report.html'));
    const html = readFileSync(join(work, 'report.html'), 'utf8');
    expect(html).toContain('<svg ');
    // No URL at all (the inline SVG needs no xmlns), nothing loaded from anywhere.
    expect(html).not.toMatch(/https?:|\ssrc=|<script|<link/i);
  });

  it('bad input: exit 2, a message naming it, no stack trace', () => {
    for (const [args, message] of [
      [['report', 'exec_nope'], `no run "exec_nope" in ${work}`],
      [['report', '--format', 'pdf'], '--format pdf: expected markdown, json, csv, html'],
      // No store, and the other refusals: reportCommand.test.ts, in-process.
    ] as const) {
      const r = tpe([...args]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });
});
