/**
 * `tpe diagnose` on recorded runs and on plans, through the command as the
 * CLI calls it: runs recorded by the real engine into a real store (on a
 * virtual clock for exact numbers, and once for real with shell tickets).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { diagnoseCommand, type DiagnoseCliOptions } from '../../../src/cli/commands/diagnoseCommand.js';
import type { CliIO } from '../../../src/cli/io.js';
import { compilePlan } from '../../../src/plan/index.js';
import type { PlanDiagnosis, RunDiagnosis } from '../../../src/runtime/diagnose/index.js';
import { startDurableRun } from '../../../src/runtime/durable/startDurableRun.js';
import { RunStore } from '../../../src/runtime/store/RunStore.js';
import { makePlan } from '../../helpers/makePlan.js';
import { recordRun } from './recordRun.js';

const M = 60_000;
let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-diagnose-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

async function diagnose(target: string | undefined, opts: DiagnoseCliOptions = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (s: string) => void (stdout += s) },
    stderr: { write: (s: string) => void (stderr += s) },
    env: {},
    cwd: work,
    onSignal: () => () => {},
  };
  const code = await diagnoseCommand(target, opts, io);
  return { code, stdout, stderr };
}
const json = async <T>(target: string | undefined, opts: DiagnoseCliOptions = {}) => JSON.parse((await diagnose(target, { ...opts, format: 'json' })).stdout) as T;

/** DB-001 holds the `database` mutex 20m (estimated 10m); DB-002 waits for it, TEST depends on DB-002; DOC-1 is small. */
const mutexPlan = () =>
  makePlan(
    [
      { id: 'DB-001', priority: 'high', estimateMs: 10 * M, resources: { database: 1 } },
      { id: 'DB-002', estimateMs: 10 * M, resources: { database: 1 } },
      { id: 'TEST', estimateMs: 10 * M, dependsOn: ['DB-002'] },
      { id: 'DOC-1', priority: 'low', estimateMs: 5 * M },
    ],
    { resources: { database: 1 } },
  );

describe('diagnose a recorded run', () => {
  it('a ticket that waited on a mutex: the wait, the resource, its holder; the critical chain as built; the numbers behind the advice', async () => {
    await recordRun(mutexPlan(), work, { runId: 'exec_mutex', actual: { 'DB-001': 20 * M } });
    // What the dispatcher recorded: DB-002 examined at 0 with an agent idle, the database taken. It names
    // no holder: DB-001 started in the same dispatch pass, so the ledger did not hold it yet. The
    // diagnosis finds the holder from the journal.
    const store = RunStore.open(work);
    expect(store.waitRows('exec_mutex')).toEqual([{ at: 0, ticket: 1, kind: 'resource', on: 'database' }]);
    store.close();

    const d = await json<RunDiagnosis>('exec_mutex');
    expect(d).toMatchObject({ runId: 'exec_mutex', status: 'completed', wallMs: 40 * M, counts: { completed: 4 }, total: 4 });
    const db2 = d.tickets.find((t) => t.id === 'DB-002')!;
    expect(db2).toMatchObject({ dependencyMs: 0, readyMs: 20 * M, readyByCause: { resource: 20 * M }, heldBy: [{ id: 'DB-001', ms: 20 * M }], runningMs: 10 * M, startedAt: 20 * M });
    expect(d.tickets.find((t) => t.id === 'TEST')).toMatchObject({ dependencyMs: 30 * M, lastDependency: 'DB-002', readyMs: 0 });
    expect(d.contended).toEqual([
      { key: 'resource:database', kind: 'resource', label: 'database (mutex)', waitedMs: 20 * M, waiters: ['DB-002'], holders: ['DB-001'], withoutMs: 25 * M },
    ]);

    expect(d.criticalChain.end).toBe('TEST');
    expect(d.criticalChain.segments).toEqual([
      { ticket: 'DB-001', what: 'running', from: 0, to: 20 * M },
      { ticket: 'DB-002', what: 'wait:resource', from: 20 * M, to: 20 * M, on: 'database held by DB-001' },
      { ticket: 'DB-002', what: 'running', from: 20 * M, to: 30 * M },
      { ticket: 'TEST', what: 'wait:dependency', from: 30 * M, to: 30 * M, on: 'depends on DB-002' },
      { ticket: 'TEST', what: 'running', from: 30 * M, to: 40 * M },
    ]);
    expect(d.criticalChain.tickets.map((t) => [t.id, t.ms, t.share])).toEqual([
      ['DB-001', 20 * M, 0.5],
      ['DB-002', 10 * M, 0.25],
      ['TEST', 10 * M, 0.25],
    ]);

    expect(d.estimates).toMatchObject({ ratio: 45 / 35, measured: 4, actualMs: 45 * M, estimatedMs: 35 * M, worst: [{ id: 'DB-001', estimateMs: 10 * M, actualMs: 20 * M, ratio: 2 }] });
    expect(d.agentTypes).toEqual([{ type: 'shell', agents: 2, busyMs: 45 * M, utilization: 45 / 80, waitedForAgentMs: 0 }]);
    // The model replays the run exactly (observed durations), so every gain is against 40m.
    expect(d.model).toEqual({ baselineMs: 40 * M, ratio: 45 / 35, observed: 4, skipped: 0 });
    expect(d.recommendations.map((r) => [r.kind, r.savedMs, r.afterMs])).toEqual([
      ['raise-capacity', 15 * M, 25 * M],
      ['split-ticket', 5 * M, 35 * M],
    ]);
    expect(d.recommendations[0]!.text).toBe(
      'Raise the capacity of `database` to 2 (or split what its holders do with it): 1 ticket waited 20m on it, held by DB-001; with one more unit the run would be 15m (−38%: 40m → 25m) shorter',
    );
  });

  it('renders as a table and as markdown', async () => {
    await recordRun(mutexPlan(), work, { runId: 'exec_mutex', actual: { 'DB-001': 20 * M } });
    const table = await diagnose(undefined);
    expect(table.code).toBe(0);
    await expect(table.stdout).toMatchFileSnapshot('__snapshots__/mutex-run.txt');
    const markdown = await diagnose('exec_mutex', { format: 'markdown' });
    await expect(markdown.stdout).toMatchFileSnapshot('__snapshots__/mutex-run.md');
  });

  it('--check-conflicts and --analyze-bottlenecks select sections', async () => {
    await recordRun(mutexPlan(), work, { runId: 'exec_mutex', actual: { 'DB-001': 20 * M } });
    const conflicts = (await diagnose('exec_mutex', { checkConflicts: true })).stdout;
    expect(conflicts).toContain('Conflicts and resources that serialised work');
    expect(conflicts).not.toContain('Critical chain');
    expect(conflicts).toContain('Raise the capacity of `database` to 2');
    expect(conflicts).not.toContain('Split TEST');
    const bottlenecks = (await diagnose('exec_mutex', { analyzeBottlenecks: true })).stdout;
    expect(bottlenecks).toContain('Critical chain');
    expect(bottlenecks).not.toContain('Conflicts and resources that serialised work');
    expect(bottlenecks).toContain('Split TEST');
    expect(bottlenecks).not.toContain('Raise the capacity');
  });

  it('a saturated pool yields "add agents", with its simulated gain', async () => {
    const plan = makePlan(['T1', 'T2', 'T3', 'T4', 'T5', 'T6'].map((id) => ({ id, estimateMs: 10 * M })), { agents: [{ name: 'shell', count: 2 }] });
    await recordRun(plan, work, { runId: 'exec_pool', start: 1_000_000 });
    const d = await json<RunDiagnosis>('exec_pool');
    expect(d.wallMs).toBe(30 * M);
    expect(d.agentTypes).toEqual([{ type: 'shell', agents: 2, busyMs: 60 * M, utilization: 1, waitedForAgentMs: 60 * M }]);
    expect(d.waiting.byCause).toEqual({ agent: 60 * M });
    expect(d.criticalChain.segments.filter((s) => s.what === 'running').map((s) => s.ticket)).toEqual(['T1', 'T3', 'T5']);
    expect(d.recommendations).toEqual([
      expect.objectContaining({
        kind: 'add-agents',
        agentType: 'shell',
        add: 4,
        from: 2,
        beforeMs: 30 * M,
        afterMs: 10 * M,
        savedMs: 20 * M,
        text: '4 more `shell` agents (2 → 6) would cut 20m (−67%: 30m → 10m); 1 more already cuts 10m (−33%: 30m → 20m): they were 100% busy and their tickets waited 1h for one',
      }),
    ]);
  });

  it('retries: attempts, backoff, and actual against estimate over all attempts', async () => {
    const plan = makePlan([{ id: 'API', estimateMs: 1000, retries: 2, backoffMs: 5000 }, { id: 'NEXT', estimateMs: 1000, dependsOn: ['API'] }]);
    await recordRun(plan, work, { runId: 'exec_retry', failing: { API: [1] } });
    const d = await json<RunDiagnosis>('exec_retry');
    expect(d.tickets[0]).toMatchObject({
      id: 'API',
      retries: 1,
      backoffMs: 5000,
      runningMs: 2000,
      ratio: 2,
      attempts: [
        { attempt: 1, startedAt: 0, busyMs: 1000, outcome: 'retrying' },
        { attempt: 2, startedAt: 6000, busyMs: 1000, outcome: 'completed' },
      ],
    });
    expect(d.criticalChain.segments.map((s) => `${s.ticket} ${s.what} ${s.from}-${s.to}`)).toEqual([
      'API running 0-1000',
      'API backoff 1000-6000',
      'API running 6000-7000',
      'NEXT wait:dependency 7000-7000',
      'NEXT running 7000-8000',
    ]);
  });

  it('a real run with shell tickets sharing a mutex: the latest run of the workspace', async () => {
    const loaded = compilePlan(
      {
        name: 'real',
        agents: { shell: { count: 2 } },
        resources: { database: 1 },
        tickets: [
          { id: 'A', priority: 'high', estimate: '300ms', resources: ['database'], run: 'sleep 0.3' },
          { id: 'B', estimate: '300ms', resources: ['database'], run: 'sleep 0.3' },
        ],
      },
      { file: join(work, 'plan.yaml'), baseDir: work },
    );
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const run = await startDurableRun(loaded.value, { workspace: work, registry: false });
    await run.start();
    run.store.close();
    const d = await json<RunDiagnosis>(undefined, { workspace: '.' });
    const b = d.tickets.find((t) => t.id === 'B')!;
    expect(b.readyByCause.resource ?? 0).toBeGreaterThan(250);
    expect(b.heldBy[0]?.id).toBe('A');
    expect(d.criticalChain.end).toBe('B');
    expect(d.criticalChain.segments.map((s) => s.ticket)).toContain('A');
    expect(d.contended[0]).toMatchObject({ key: 'resource:database', waiters: ['B'], holders: ['A'] });
  });
});

describe('diagnose a live run', () => {
  it('is diagnosed as of now: what runs, what waits and on what, so far', async () => {
    const loaded = compilePlan(
      {
        name: 'live',
        agents: { shell: { count: 1 } },
        tickets: [
          { id: 'LONG', priority: 'high', estimate: '1s', run: 'sleep 1' },
          { id: 'NEXT', estimate: '100ms', run: 'true' },
        ],
      },
      { file: join(work, 'plan.yaml'), baseDir: work },
    );
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const run = await startDurableRun(loaded.value, { workspace: work, registry: false });
    const done = run.start();
    try {
      await new Promise((r) => setTimeout(r, 400));
      const d = await json<RunDiagnosis>(undefined);
      expect(d).toMatchObject({ live: true, status: 'running' });
      expect(d.endedAt).toBeUndefined();
      expect(d.wallMs).toBeGreaterThanOrEqual(300);
      expect(d.tickets.find((t) => t.id === 'LONG')).toMatchObject({ state: 'executing' });
      const next = d.tickets.find((t) => t.id === 'NEXT')!;
      expect(next.state).toBe('ready');
      expect(next.readyByCause.agent).toBeGreaterThanOrEqual(300);
      expect(d.criticalChain.end).toBe('LONG');
    } finally {
      await done;
      run.store.close();
    }
  });
});

describe('diagnose a plan', () => {
  const planYaml = [
    'name: release',
    'agents: { shell: { count: 2 } }',
    'tickets:',
    '  - { id: CORE, estimate: 30m, run: "true" }',
    '  - { id: API, estimate: 20m, depends_on: [CORE], conflicts_with: [UI], run: "true" }',
    '  - { id: UI, estimate: 20m, depends_on: [CORE], run: "true" }',
    '  - { id: DOCS, depends_on: [CORE], run: "true" }',
    '  - { id: SHIP, estimate: 10m, depends_on: [API, UI], run: "true" }',
    '',
  ].join('\n');

  it('conflicts and what they cost, critical path, bottlenecks, agent curve, missing estimates', async () => {
    writeFileSync(join(work, 'plan.yaml'), planYaml);
    const d = await json<PlanDiagnosis>('plan.yaml');
    expect(d).toMatchObject({ kind: 'plan', planName: 'release', makespanMs: 80 * M, conflictsCostMs: 20 * M });
    expect(d.conflicts).toEqual([{ kind: 'declared', label: 'API ↔ UI (declared)', tickets: ['API', 'UI'], costMs: 20 * M }]);
    expect(d.criticalPath.tickets.map((t) => t.id)).toEqual(['CORE', 'API', 'SHIP']);
    expect(d.bottlenecks).toEqual([{ id: 'CORE', dependents: 3, estimateMs: 30 * M, remainingMs: 60 * M }]);
    expect(d.curves[0]).toMatchObject({ agentType: 'shell', planned: 2, enoughAt: 2 });
    expect(d.missingEstimates.tickets).toEqual(['DOCS']);
    expect(d.recommendations[0]).toMatchObject({ kind: 'resolve-conflict', tickets: ['API', 'UI'], savedMs: 20 * M });

    const table = await diagnose('plan.yaml');
    await expect(table.stdout).toMatchFileSnapshot('__snapshots__/plan.txt');
    const onlyConflicts = (await diagnose('plan.yaml', { checkConflicts: true, format: 'markdown' })).stdout;
    expect(onlyConflicts).toContain('## Conflicts and what they cost');
    expect(onlyConflicts).toContain('| API ↔ UI (declared) | declared | +20m |');
    expect(onlyConflicts).not.toContain('Critical path');
  });

  it('bad input: a broken plan exits 2 with located problems; an unknown target or format is a usage error', async () => {
    writeFileSync(join(work, 'bad.yaml'), 'name: bad\ntickets:\n  - { id: A, depends_on: [NOPE], run: "true" }\n');
    const bad = await diagnose('bad.yaml');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad\.yaml:3:\d+ .*NOPE/);
    await recordRun(mutexPlan(), work, { runId: 'exec_mutex' });
    await expect(diagnose('exec_nope')).rejects.toThrow(/"exec_nope" is neither a plan file, a ticket folder nor a run of/);
    await expect(diagnose('exec_mutex', { format: 'html' })).rejects.toThrow('--format html: expected table, json or markdown');
  });
});
