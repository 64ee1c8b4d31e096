/**
 * `tpe report` in-process (`runCli`, as the binary calls it) on runs the real
 * engine recorded into a real store on a virtual clock, so every number is
 * exact; and `writeRunReport`, what `tpe run --report <file>` calls.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/io.js';
import { runCli } from '../../../src/cli/program.js';
import { UsageError } from '../../../src/errors.js';
import type { RunReport } from '../../../src/runtime/report/index.js';
import { writeRunReport } from '../../../src/runtime/report/index.js';
import { makePlan } from '../../helpers/makePlan.js';
import { recordRun } from '../diagnose/recordRun.js';

const S = 1000;
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-report-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function tpe(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: { write: (s: string) => void (stdout += s) }, stderr: { write: (s: string) => void (stderr += s) }, env: { NO_COLOR: '1' }, cwd: work, onSignal: () => () => {} };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** Two agents; A and B share a mutex; C fails once and is retried; D waits for C. */
function plan() {
  return makePlan(
    [
      { id: 'A', priority: 'critical', estimateMs: 10 * S, resources: { db: 1 } },
      { id: 'B', priority: 'high', estimateMs: 10 * S, resources: { db: 1 } },
      { id: 'C', estimateMs: 20 * S, retries: 1, backoffMs: S },
      { id: 'D', priority: 'low', estimateMs: 5 * S, dependsOn: ['C'] },
    ],
    { resources: { db: 1 } },
  );
}

describe('tpe report on a recorded run', () => {
  it('prints the model as JSON, with the numbers of what ran', async () => {
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0001', actual: { C: 10 * S }, failing: { C: [1] } });
    const r = await tpe('report', '--json', '--no-what-if');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as RunReport;
    // agent-001: A 0–10 s, then B 10–20 s (the db); agent-002: C 0–10 s fails, backoff 1 s, C 11–21 s, D 21–26 s.
    expect(report.run).toMatchObject({ id: 'exec_20270101-000000-0001', status: 'completed', wallMs: 26 * S });
    expect(report.metrics).toMatchObject({ completed_tickets: 4, parallelism_factor: (10 + 10 + 20 + 5) / 26, conflict_resolution_time: 10 * S, agents: 2 });
    expect(report.retried).toEqual(['C']);
    expect(report.gantt.bars.map((b) => [b.ticket, b.attempt, b.outcome])).toEqual([
      ['A', 1, 'completed'],
      ['C', 1, 'retried'],
      ['B', 1, 'completed'],
      ['C', 2, 'completed'],
      ['D', 1, 'completed'],
    ]);
  });

  it('writes each format to a file named by -o, the format from its extension', async () => {
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0002' });
    for (const [file, check] of [
      ['out/r.md', (s: string) => expect(s).toContain('```mermaid')],
      ['out/r.csv', (s: string) => expect(s.split('\r\n')).toHaveLength(6)],
      ['out/r.json', (s: string) => expect(JSON.parse(s).kind).toBe('run-report')],
      ['out/r.html', (s: string) => expect(s).toContain('<svg ')],
    ] as const) {
      const r = await tpe('report', '0002', '-o', file, '--no-what-if');
      expect(r.code).toBe(0);
      expect(r.stdout.trim()).toBe(join(work, file));
      check(readFileSync(join(work, file), 'utf8'));
    }
  });

  it('writes html to <run id>-report.html without -o (and to stdout with -o -)', async () => {
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0003' });
    const r = await tpe('report', '--format', 'html', '--no-what-if');
    expect(r.code).toBe(0);
    expect(existsSync(join(work, 'exec_20270101-000000-0003-report.html'))).toBe(true);
    expect((await tpe('report', '--format', 'html', '-o', '-', '--no-what-if')).stdout.startsWith('<!doctype html>')).toBe(true);
  });

  it('bad input: exit 2 and a message naming the culprit', async () => {
    expect(await tpe('report')).toMatchObject({ code: 2, stderr: `error no runs in ${work} (no .tpe/tpe.db): start one with \`tpe run <plan>\`\n` });
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0004' });
    expect(await tpe('report', 'nope')).toMatchObject({ code: 2, stderr: `error no run "nope" in ${work} (see \`tpe runs\`)\n` });
    expect(await tpe('report', '--format', 'pdf')).toMatchObject({ code: 2, stderr: 'error --format pdf: expected markdown, json, csv, html\n' });
    expect(await tpe('report', '--json', '--format', 'csv')).toMatchObject({ code: 2, stderr: 'error --json and --format csv: choose one\n' });
    // A directory where the file should go.
    const r = await tpe('report', '-o', '.', '--no-what-if');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error cannot write the report to .*: EISDIR\n$/);
  });
});

describe('writeRunReport (tpe run --report <file>)', () => {
  it('builds the report of a run from the store and writes it in the format of the extension', async () => {
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0005' });
    const out = await writeRunReport({ workspace: work, runId: 'exec_20270101-000000-0005', file: join(work, 'reports', 'run.html'), whatIf: false });
    expect(out).toMatchObject({ file: join(work, 'reports', 'run.html'), format: 'html' });
    expect(out.report.metrics.completed_tickets).toBe(4);
    expect(readFileSync(out.file, 'utf8')).toContain('Run report: exec_20270101-000000-0005');
  });

  it('refuses what it cannot do, with a UsageError', async () => {
    await expect(writeRunReport({ workspace: work, runId: 'x', file: join(work, 'r.md') })).rejects.toThrow(/no run store in .*: a run made with --no-store has nothing to report/);
    await recordRun(plan(), work, { runId: 'exec_20270101-000000-0006' });
    await expect(writeRunReport({ workspace: work, runId: 'exec_20270101-000000-0006', file: join(work, 'r.txt') })).rejects.toThrow(UsageError);
    await expect(writeRunReport({ workspace: work, runId: 'nope', file: join(work, 'r.md') })).rejects.toThrow(`no run "nope" in ${work}`);
  });
});
