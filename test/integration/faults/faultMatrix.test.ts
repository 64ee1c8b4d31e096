/**
 * The fault matrix (issue 6, part 3): every way an executor's work can go wrong, each run
 * through a real engine with its real executors (child processes in their own process
 * groups, piscina worker threads, validation gates). For each fault:
 *
 * - the ticket ends in the right state, with the right error code and attempt count;
 * - the engine stays responsive: `snapshot()` answers while the fault is under way, and a
 *   bystander ticket of the same plan completes (for faults that last until the engine ends
 *   them, it completes while the faulty ticket is still busy);
 * - nothing is left behind: every pid the fixtures record (leaders, grandchildren, orphans)
 *   is dead, no live process remains in their process groups, and worker threads are gone.
 *
 * Also: every fault at once in one plan, a forced stop during a TERM-ignoring process, an
 * output flood (300 MB of stdout must not grow the engine's RSS: logs stream to a file), and
 * worker tasks queued behind a thread that dies (at the executor level).
 *
 * Fixtures: test/fixtures/faults/. Durations here are limits (timeouts, kill grace), never
 * assertions on speed.
 */
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BUSY_TICKET_STATES, type TicketState } from '../../../src/machines/ticketMachine.js';
import { compilePlan } from '../../../src/plan/index.js';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { createWorkerExecutor } from '../../../src/actors/createWorkerExecutor.js';
import type { WorkerJob } from '../../../src/actors/types.js';
import { createEngine, type Engine } from '../../../src/runtime/createEngine.js';
import type { RunResult, TicketOutcome } from '../../../src/runtime/runResult.js';
import type { RunState } from '../../../src/runtime/runSnapshot.js';
import { groupMembers } from '../../../src/runtime/recovery/groupMembers.js';
import { isAlive, waitFor } from '../../helpers/processes.js';

const fixtures = join(import.meta.dirname, '..', '..', 'fixtures', 'faults');
const fx = (name: string): string => join(fixtures, name);
let work: string;
const MB = 1024 * 1024;

/** Every pid a test's fixtures recorded: killed by force after the test if an assertion failed. */
const recorded: number[] = [];
afterEach(() => {
  for (const pid of recorded.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-faults-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function plan(raw: Record<string, unknown>): CompiledPlan {
  const loaded = compilePlan({ name: 'faults', ...raw }, { file: join(work, 'plan.yaml'), baseDir: work });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}

/** The pids recorded in a directory of `<name>.<attempt>` files written by the fixtures. */
function readPids(dir: string): Map<string, number> {
  const pids = new Map<string, number>();
  if (!existsSync(dir)) return pids;
  for (const name of readdirSync(dir)) {
    const pid = Number(readFileSync(join(dir, name), 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) pids.set(name, pid);
  }
  return pids;
}

/** Live (not zombie) processes whose process group is `pgid` (recovery's /proc reader), as `pid (comm)`. */
function liveGroupMembers(pgid: number): string[] {
  return groupMembers(pgid)
    .filter((m) => !m.zombie)
    .map((m) => {
      try {
        return `${m.pid} (${readFileSync(`/proc/${m.pid}/comm`, 'utf8').trim()})`;
      } catch {
        return `${m.pid} (gone meanwhile)`;
      }
    });
}

/** Threads of this process (the test's own, piscina's workers included). */
function threadCount(): number {
  return readdirSync('/proc/self/task').length;
}

/** What a snapshot taken during the run said about the faulty ticket and the bystander. */
interface Look {
  run: RunState;
  fault: TicketState | undefined;
  bystander: TicketState | undefined;
}

/**
 * Starts the engine and looks at it while it runs: a snapshot every 20 ms, and one as soon
 * as FAULT becomes busy. Resolves with the result and every look.
 */
async function runWatched(engine: Engine, onTick?: () => void): Promise<{ result: RunResult; looks: Look[] }> {
  const looks: Look[] = [];
  const look = (): void => {
    const snapshot = engine.snapshot();
    const stateOf = (id: string) => snapshot.tickets?.find((t) => t.id === id)?.state;
    looks.push({ run: snapshot.state, fault: stateOf('FAULT'), bystander: stateOf('BYSTANDER') });
    onTick?.();
  };
  engine.on((e) => {
    if (e.type === 'ticket.transition' && e.ticket === 'FAULT' && BUSY_TICKET_STATES.has(e.to)) setImmediate(look);
  });
  const probe = setInterval(look, 20);
  try {
    const result = await engine.start();
    return { result, looks };
  } finally {
    clearInterval(probe);
  }
}

function outcome(result: RunResult, id: string): TicketOutcome {
  const found = result.tickets.find((t) => t.id === id);
  if (found === undefined) throw new Error(`no ticket ${id} in the result`);
  return found;
}

interface Expected {
  state: TicketState;
  /**
   * The error code of the last failed attempt: a ticket that completed after a retry still
   * reports the failure it was retried for.
   */
  code?: string;
  attempts: number;
  message?: RegExp;
  /** The code in the log's footer, when it differs (a gate's footer has the gate command's own). */
  logCode?: string;
}

interface FaultCase {
  name: string;
  /** Agent types; default: two shell agents (the fault and the bystander run side by side). */
  agents?: Record<string, unknown>;
  /** The faulty ticket, without its id (FAULT) and env (PID_DIR is added). */
  fault: (dirs: { pids: string; marker: string }) => Record<string, unknown>;
  /** Other tickets on the faulty ticket's agents, with what they must end as. */
  extra?: Array<{ ticket: Record<string, unknown>; state: TicketState }>;
  expect: Expected;
  /** Files the fault's fixture must have written to its pid directory (it got as far as the fault). */
  records?: string[];
  /**
   * The fault lasts until the engine ends it (a hang, a loop, a flood): the bystander waits
   * for the fault's marker file and must complete while FAULT is still busy.
   */
  lasting?: boolean;
  /** Worker faults: the threads of the pool must be gone after the run. */
  threads?: boolean;
}

const shellAgents = { shell: { count: 2 } };
const workerAgents = (module: string, extra: Record<string, unknown> = {}) => ({
  compute: { count: 1, executor: 'worker', module: fx(module), ...extra },
  shell: { count: 1 },
});

const cases: FaultCase[] = [
  // ---- processes killed by a signal -------------------------------------------------
  {
    name: 'process killed by SIGKILL: failed, SIGNALED; its grandchild is killed with the group',
    fault: () => ({ run: [fx('signal-self.sh'), 'KILL'] }),
    expect: { state: 'failed', code: 'SIGNALED', attempts: 1, message: /killed by SIGKILL/ },
    records: ['leader.1', 'grandchild.1'],
  },
  {
    name: 'process dies of SIGSEGV on every attempt: failed after its retry, SIGNALED',
    fault: () => ({ run: [fx('signal-self.sh'), 'SEGV'], retries: 1, backoff: '10ms' }),
    expect: { state: 'failed', code: 'SIGNALED', attempts: 2, message: /killed by SIGSEGV/ },
    records: ['leader.1', 'grandchild.1', 'leader.2', 'grandchild.2'],
  },
  {
    name: 'process dies of SIGSEGV once: completed after a retry',
    fault: () => ({ run: [fx('signal-self.sh'), 'SEGV', '1'], retries: 2, backoff: '10ms' }),
    expect: { state: 'completed', code: 'SIGNALED', attempts: 2 },
    records: ['leader.1', 'grandchild.1', 'leader.2', 'grandchild.2'],
  },
  {
    name: 'shell reports a crashed command as exit code 139 (SIGSEGV-style exit): failed, EXIT_CODE',
    fault: () => ({ run: [fx('exit-code.sh'), '139'] }),
    expect: { state: 'failed', code: 'EXIT_CODE', attempts: 1, message: /exited with code 139/ },
    records: ['leader.1'],
  },
  // ---- non-zero exits ---------------------------------------------------------------
  {
    name: 'non-zero exit on every attempt: failed after its retries, EXIT_CODE',
    fault: () => ({ run: [fx('exit-code.sh'), '3'], retries: 2, backoff: '10ms' }),
    expect: { state: 'failed', code: 'EXIT_CODE', attempts: 3, message: /exited with code 3/ },
    records: ['leader.1', 'leader.2', 'leader.3'],
  },
  {
    name: 'non-zero exit once: completed after a retry',
    fault: () => ({ run: [fx('exit-code.sh'), '1', '1'], retries: 1, backoff: '10ms' }),
    expect: { state: 'completed', code: 'EXIT_CODE', attempts: 2 },
    records: ['leader.1', 'leader.2'],
  },
  {
    name: 'exit with a no-retry code: failed at once despite retries, NON_RETRYABLE',
    fault: () => ({ run: [fx('exit-code.sh'), '78'], retries: 3, backoff: '10ms' }),
    expect: { state: 'failed', code: 'NON_RETRYABLE', attempts: 1, message: /do not retry/ },
    records: ['leader.1'],
  },
  // ---- processes that will not stop -------------------------------------------------
  {
    name: 'process ignoring SIGTERM, with a grandchild that ignores it too: timed out, both SIGKILLed after the grace',
    fault: () => ({ run: [fx('ignore-term.sh')], timeout: '600ms' }),
    expect: { state: 'failed', code: 'TIMEOUT', attempts: 1, message: /timed out after/ },
    records: ['leader.1', 'grandchild.1'],
    lasting: true,
  },
  {
    name: 'grandchildren outlive a parent that succeeds: completed; background, orphaned and TERM-ignoring ones are killed',
    fault: () => ({ run: [fx('orphans.sh'), '0'] }),
    expect: { state: 'completed', attempts: 1 },
    records: ['leader.1', 'background.1', 'orphan.1', 'stubborn.1'],
  },
  {
    name: 'grandchildren outlive a parent that fails: failed, EXIT_CODE; every grandchild of every attempt is killed',
    fault: () => ({ run: [fx('orphans.sh'), '5'], retries: 1, backoff: '10ms' }),
    expect: { state: 'failed', code: 'EXIT_CODE', attempts: 2, message: /exited with code 5/ },
    records: ['leader.1', 'background.1', 'orphan.1', 'stubborn.1', 'leader.2', 'background.2', 'orphan.2', 'stubborn.2'],
  },
  // ---- validation gates -------------------------------------------------------------
  {
    name: 'validation gate that hangs: gate timeout, failed, GATE_FAILED; the gate and its grandchild are killed',
    fault: () => ({ run: 'true', validate: [{ name: 'hangs', run: [fx('hang-gate.sh')], timeout: '500ms' }] }),
    expect: { state: 'failed', code: 'GATE_FAILED', attempts: 1, message: /^gate "hangs" timed out after/, logCode: 'TIMEOUT' },
    records: ['gate1.1', 'gate1-grandchild.1'],
    lasting: true,
  },
  {
    name: 'second validation gate hangs and ignores SIGTERM: failed, GATE_FAILED after a retry; SIGKILLed after the grace',
    fault: () => ({
      run: 'true',
      retries: 1,
      backoff: '10ms',
      validate: ['true', { name: 'stubborn', run: [fx('hang-gate.sh'), 'stubborn'], timeout: '500ms' }],
    }),
    expect: { state: 'failed', code: 'GATE_FAILED', attempts: 2, message: /^gate "stubborn" timed out after/, logCode: 'TIMEOUT' },
    records: ['gate2.1', 'gate2-grandchild.1', 'gate2.2', 'gate2-grandchild.2'],
    lasting: true,
  },
  // ---- worker threads ---------------------------------------------------------------
  {
    name: 'worker that throws: failed after its retry, WORKER_ERROR with the thrown message',
    agents: workerAgents('worker-throw.mjs'),
    fault: () => ({ agent: 'compute', retries: 1, backoff: '10ms' }),
    expect: { state: 'failed', code: 'WORKER_ERROR', attempts: 2, message: /attempt 2 went out of range/ },
    threads: true,
  },
  {
    name: 'worker whose timer throws while its task is pending (uncaught in the thread): failed, WORKER_CRASHED',
    agents: workerAgents('worker-uncaught.mjs'),
    fault: () => ({ agent: 'compute' }),
    expect: { state: 'failed', code: 'WORKER_CRASHED', attempts: 1, message: /thrown from a timer, uncaught/ },
    threads: true,
  },
  {
    name: 'worker that calls process.exit on every attempt: failed, WORKER_CRASHED',
    agents: workerAgents('worker-exit.mjs'),
    fault: () => ({ agent: 'compute', input: { exitCode: 7 }, retries: 1, backoff: '10ms' }),
    expect: { state: 'failed', code: 'WORKER_CRASHED', attempts: 2, message: /exited with code 7/ },
    threads: true,
  },
  {
    name: 'worker that calls process.exit once: completed after a retry on a replaced thread',
    agents: workerAgents('worker-exit.mjs'),
    fault: () => ({ agent: 'compute', input: { exitCode: 0, failAttempts: 1 }, retries: 1, backoff: '10ms' }),
    expect: { state: 'completed', code: 'WORKER_CRASHED', attempts: 2, message: /exited with code 0/ },
    threads: true,
  },
  {
    // Agent types with the same module (and memory limit) share one piscina pool, sized for
    // one of them: the twin's task waits in piscina's queue while FAULT's thread dies under it.
    name: 'worker that calls process.exit while a twin agent type waits for its pool: failed, WORKER_CRASHED; the twin completes',
    agents: { ...workerAgents('worker-exit.mjs'), twin: { count: 1, executor: 'worker', module: fx('worker-exit.mjs') } },
    fault: () => ({ agent: 'compute', priority: 'critical', input: { exitCode: 3 } }),
    extra: [{ ticket: { id: 'TWIN', agent: 'twin', input: { exitCode: 3, failAttempts: 0 } }, state: 'completed' }],
    expect: { state: 'failed', code: 'WORKER_CRASHED', attempts: 1, message: /exited with code 3/ },
    threads: true,
  },
  {
    name: 'worker that loops forever: its timeout terminates the thread, failed, TIMEOUT',
    agents: workerAgents('worker-loop.mjs'),
    fault: ({ marker }) => ({ agent: 'compute', priority: 'critical', input: { marker }, timeout: '1s' }),
    // Runs on the pool's only thread once the timeout has freed it.
    extra: [{ ticket: { id: 'NEXT', agent: 'compute', input: {} }, state: 'completed' }],
    expect: { state: 'failed', code: 'TIMEOUT', attempts: 1, message: /timed out after .*worker thread terminated/ },
    lasting: true,
    threads: true,
  },
  {
    name: 'worker that exceeds its memory limit: failed, WORKER_CRASHED; the next task on the pool completes',
    agents: workerAgents('worker-oom.mjs', { memory_limit: '48MB' }),
    fault: ({ marker }) => ({ agent: 'compute', priority: 'critical', input: { marker } }),
    extra: [{ ticket: { id: 'MODEST', agent: 'compute', input: { chunks: 2 } }, state: 'completed' }],
    expect: { state: 'failed', code: 'WORKER_CRASHED', attempts: 1, message: /out of memory \(limit 48 MB\)/ },
    threads: true,
  },
];

describe('fault matrix: each fault through a real engine', () => {
  // A loop rather than it.each: it.each shortens '$name' titles, and -t filters on the short form.
  for (const c of cases) it(c.name, async () => {
    const dir = mkdtempSync(join(work, 'case-'));
    const faultPids = join(dir, 'fault');
    const bystanderPids = join(dir, 'bystander');
    mkdirSync(faultPids);
    mkdirSync(bystanderPids);
    // The first sign that the fault is under way: its fixture's first pid file, or a marker.
    const first = c.records?.[0];
    const marker = first === undefined ? join(dir, 'started') : join(faultPids, first);
    const threadsBefore = threadCount();

    const engine = createEngine(
      plan({
        defaults: { kill_grace: '200ms' },
        agents: c.agents ?? shellAgents,
        tickets: [
          { id: 'FAULT', env: { PID_DIR: faultPids }, ...c.fault({ pids: faultPids, marker }) },
          ...(c.extra ?? []).map((e) => e.ticket),
          // The bystander waits for the fault's marker only when the fault lasts; otherwise
          // the fault may be over before the bystander starts (it then waits for its own pid
          // directory, which exists, and ends at once).
          {
            id: 'BYSTANDER',
            agent: 'shell',
            env: { PID_DIR: bystanderPids },
            run: c.lasting === true ? [fx('slow.sh'), marker] : [fx('slow.sh'), bystanderPids],
          },
        ],
      }),
      { workspace: dir },
    );
    const { result, looks } = await runWatched(engine, () => {
      for (const pid of readPids(faultPids).values()) if (!recorded.includes(pid)) recorded.push(pid);
    });

    // The ticket ends as it should.
    const fault = outcome(result, 'FAULT');
    expect({ state: fault.state, code: fault.error?.code, attempts: fault.attempts }).toEqual({
      state: c.expect.state,
      code: c.expect.code,
      attempts: c.expect.attempts,
    });
    if (c.expect.message !== undefined) expect(fault.error?.message).toMatch(c.expect.message);
    for (const e of c.extra ?? []) expect(outcome(result, String(e.ticket.id)).state).toBe(e.state);
    // A process attempt's log ends with how it went, for a person reading the file alone.
    if (fault.logFile !== undefined) {
      const footer = fault.state === 'completed' ? 'succeeded after' : `failed after \\S+: ${c.expect.logCode ?? c.expect.code}: `;
      expect(readFileSync(fault.logFile, 'utf8')).toMatch(new RegExp(`\\] ticket FAULT attempt ${fault.attempts} ${footer}`));
    }

    // The engine stayed responsive: it answered snapshots during the run, and the bystander completed.
    expect(outcome(result, 'BYSTANDER').state).toBe('completed');
    expect(looks.length).toBeGreaterThan(0);
    expect(looks.some((l) => l.run === 'running')).toBe(true);
    if (c.lasting === true) {
      const busy = (s: TicketState | undefined) => s !== undefined && BUSY_TICKET_STATES.has(s);
      expect(looks.some((l) => busy(l.fault) && l.bystander === 'completed')).toBe(true);
    }

    // Nothing is left behind.
    const pids = readPids(faultPids);
    for (const name of c.records ?? []) expect(pids.has(name), `the fixture recorded ${name}`).toBe(true);
    for (const pid of [...pids.values(), ...readPids(bystanderPids).values()]) recorded.push(pid);
    const alive = () => [...pids].filter(([, pid]) => isAlive(pid)).map(([name, pid]) => `${name}=${pid}`);
    await waitFor(() => alive().length === 0, 3000);
    expect(alive()).toEqual([]);
    // Leaders' pids are their groups' ids (own process group per attempt): no member may remain.
    const leaders = [...pids].filter(([name]) => /^(leader|gate\d+)\.\d+$/.test(name)).map(([, pid]) => pid);
    await waitFor(() => leaders.flatMap(liveGroupMembers).length === 0, 3000);
    expect(leaders.flatMap(liveGroupMembers)).toEqual([]);
    if (c.threads === true) {
      await waitFor(() => threadCount() <= threadsBefore, 3000);
      expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
    }
  });
});

describe('fault matrix: faults together, and a forced stop', () => {
  it('every fault of the matrix at once, in one plan: each ticket ends as it does alone, nothing is left behind', async () => {
    const dir = mkdtempSync(join(work, 'all-'));
    const threadsBefore = threadCount();
    const agents: Record<string, unknown> = { shell: { count: 6 } };
    const tickets: Array<Record<string, unknown>> = [];
    const expected: Array<[string, TicketState, string | undefined, number]> = [];
    const pidDirs: string[] = [];
    cases.forEach((c, i) => {
      const id = `F${i + 1}`;
      // Each case keeps agent types of its own (the shell agents are shared), as when it runs alone.
      const own = (type: string) => `${type}${i + 1}`;
      const onOwnAgent = (t: Record<string, unknown>) =>
        typeof t.agent === 'string' && t.agent !== 'shell' ? { ...t, agent: own(t.agent) } : t;
      for (const [type, spec] of Object.entries(c.agents ?? {})) if (type !== 'shell') agents[own(type)] = spec;
      const pids = join(dir, id);
      mkdirSync(pids);
      pidDirs.push(pids);
      tickets.push({ ...onOwnAgent(c.fault({ pids, marker: join(pids, 'started') })), id, env: { PID_DIR: pids } });
      expected.push([id, c.expect.state, c.expect.code, c.expect.attempts]);
      for (const e of c.extra ?? []) {
        const extraId = `${id}-${String(e.ticket.id)}`;
        tickets.push({ ...onOwnAgent(e.ticket), id: extraId });
        expected.push([extraId, e.state, undefined, 1]);
      }
    });
    const engine = createEngine(plan({ defaults: { kill_grace: '200ms', agent: 'shell' }, agents, tickets }), { workspace: dir });
    const { result, looks } = await runWatched(engine, () => {
      for (const pidDir of pidDirs) for (const pid of readPids(pidDir).values()) if (!recorded.includes(pid)) recorded.push(pid);
    });

    expect(result.tickets.map((t) => [t.id, t.state, t.error?.code, t.attempts])).toEqual(expected);
    expect(looks.some((l) => l.run === 'running')).toBe(true);
    const pids = pidDirs.flatMap((pidDir) => [...readPids(pidDir)].map(([name, pid]) => ({ name: `${pidDir}/${name}`, pid })));
    expect(pids.length).toBe(cases.reduce((n, c) => n + (c.records?.length ?? 0), 0));
    const alive = () => pids.filter(({ pid }) => isAlive(pid)).map(({ name, pid }) => `${name}=${pid}`);
    await waitFor(() => alive().length === 0, 3000);
    expect(alive()).toEqual([]);
    const leaders = pids.filter(({ name }) => /\/(leader|gate\d+)\.\d+$/.test(name)).map(({ pid }) => pid);
    await waitFor(() => leaders.flatMap(liveGroupMembers).length === 0, 3000);
    expect(leaders.flatMap(liveGroupMembers)).toEqual([]);
    await waitFor(() => threadCount() <= threadsBefore, 3000);
    expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
  });

  it('a forced stop while a process ignores SIGTERM: the ticket is interrupted, its group SIGKILLed after the grace', async () => {
    const dir = mkdtempSync(join(work, 'stop-'));
    const pidDir = join(dir, 'fault');
    mkdirSync(pidDir);
    const marker = join(pidDir, 'grandchild.1');
    const engine = createEngine(
      plan({
        defaults: { kill_grace: '300ms' },
        agents: shellAgents,
        tickets: [
          { id: 'FAULT', env: { PID_DIR: pidDir }, run: [fx('ignore-term.sh')] },
          { id: 'BYSTANDER', env: { PID_DIR: join(dir, 'bystander') }, run: [fx('slow.sh'), marker] },
        ],
      }),
      { workspace: dir },
    );
    mkdirSync(join(dir, 'bystander'));
    let stopped: Promise<RunResult> | undefined;
    engine.on((e) => {
      if (e.type === 'ticket.transition' && e.ticket === 'BYSTANDER' && e.to === 'completed') stopped ??= engine.stop({ force: true });
    });
    const { result, looks } = await runWatched(engine);
    expect(stopped).toBeDefined();
    expect(result.status).toBe('stopped');
    expect(result.tickets.map((t) => [t.id, t.state])).toEqual([
      ['FAULT', 'interrupted'],
      ['BYSTANDER', 'completed'],
    ]);
    // The snapshot answers while the stop waits out the grace: the ticket is interrupted at once.
    expect(looks.some((l) => l.run === 'stopping' && l.fault === 'interrupted' && l.bystander === 'completed')).toBe(true);
    const pids = readPids(pidDir);
    expect([...pids.keys()].sort()).toEqual(['grandchild.1', 'leader.1']);
    for (const pid of pids.values()) recorded.push(pid);
    await waitFor(() => [...pids.values()].every((pid) => !isAlive(pid)), 3000);
    expect([...pids.values()].filter(isAlive)).toEqual([]);
    // The loop's unrecorded `sleep 1` may still be on its way out of the SIGKILL: wait for the group to empty.
    const leader = pids.get('leader.1')!;
    await waitFor(() => liveGroupMembers(leader).length === 0, 3000);
    expect(liveGroupMembers(leader)).toEqual([]);
  });
});

describe('fault matrix: output flood', () => {
  it('a process writing 300 MB to stdout completes; the output streams to the log file, not through the engine memory', async () => {
    const dir = mkdtempSync(join(work, 'flood-'));
    const pidDir = join(dir, 'pids');
    mkdirSync(pidDir);
    const engine = createEngine(
      plan({
        defaults: { kill_grace: '200ms' },
        agents: shellAgents,
        tickets: [
          { id: 'FAULT', env: { PID_DIR: pidDir }, run: [fx('flood.sh'), '300'] },
          { id: 'BYSTANDER', env: { PID_DIR: join(dir, 'bystander') }, run: 'mkdir -p "$PID_DIR" && echo $$ > "$PID_DIR/leader.1"' },
        ],
      }),
      { workspace: dir },
    );
    const rssBefore = process.memoryUsage().rss;
    let rssPeak = rssBefore;
    const { result, looks } = await runWatched(engine, () => {
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    });
    rssPeak = Math.max(rssPeak, process.memoryUsage().rss);

    expect(result.tickets.map((t) => [t.id, t.state, t.error?.code])).toEqual([
      ['FAULT', 'completed', undefined],
      ['BYSTANDER', 'completed', undefined],
    ]);
    expect(looks.length).toBeGreaterThan(0);
    console.log(`output flood: engine RSS ${Math.round(rssBefore / MB)} MB before, peak ${Math.round(rssPeak / MB)} MB`);
    expect(rssPeak - rssBefore).toBeLessThan(100 * MB);

    // Every byte reached the log, followed by the footer.
    const logFile = outcome(result, 'FAULT').logFile!;
    const size = statSync(logFile).size;
    expect(size).toBeGreaterThan(300 * MB);
    const tail = Buffer.alloc(512);
    const fd = openSync(logFile, 'r');
    try {
      readSync(fd, tail, 0, tail.length, size - tail.length);
    } finally {
      closeSync(fd);
    }
    expect(tail.toString('latin1')).toMatch(/flood done\n\n\[tpe [^\]]+\] ticket FAULT attempt 1 succeeded/);
    rmSync(logFile, { force: true });

    const pid = Number(readFileSync(join(pidDir, 'leader.1'), 'utf8'));
    recorded.push(pid);
    expect(await waitFor(() => !isAlive(pid), 3000)).toBe(true);
    await waitFor(() => liveGroupMembers(pid).length === 0, 3000);
    expect(liveGroupMembers(pid)).toEqual([]);
  });
});

describe('fault matrix: worker tasks queued behind a thread that dies', () => {
  // More tasks than threads: what agent types sharing a module do, or a library caller.
  // Piscina does not replace a dead thread for its queue by itself (see wakeQueue).
  const job = (module: string, input: unknown, timeoutMs = 20_000): WorkerJob => ({
    kind: 'worker',
    module: fx(module),
    input,
    ticket: { id: 'Q', title: 'queued', attempt: 1, runId: 'faults', priority: 'medium' },
    timeoutMs,
    poolSize: 1,
  });

  it.each([
    { what: 'calls process.exit', makeFirst: () => job('worker-exit.mjs', { exitCode: 4 }), next: { exitCode: 4, failAttempts: 0 }, code: 'WORKER_CRASHED' },
    { what: 'exceeds its memory limit', makeFirst: () => ({ ...job('worker-oom.mjs', {}), memoryLimitMb: 32 }), next: { chunks: 2 }, code: 'WORKER_CRASHED' },
    { what: 'loops past its timeout', makeFirst: () => job('worker-loop.mjs', { marker: join(work, 'queued-loop.started') }, 500), next: {}, code: 'TIMEOUT' },
  ])('a task that $what fails alone; the tasks queued behind it on its one thread still run', async ({ makeFirst, next, code }) => {
    const first = makeFirst();
    const threadsBefore = threadCount();
    const executor = createWorkerExecutor();
    try {
      const ctx = { signal: new AbortController().signal };
      // The same module (and memory limit), so the same pool; a deadline that cannot expire first.
      const queued: WorkerJob = { ...first, input: next, timeoutMs: 20_000 };
      const results = await Promise.all([executor.run(first, ctx), executor.run(queued, ctx), executor.run(queued, ctx)]);
      expect(results.map((r) => (r.ok ? 'ok' : r.error.code))).toEqual([code, 'ok', 'ok']);
    } finally {
      await executor.close?.();
    }
    await waitFor(() => threadCount() <= threadsBefore, 3000);
    expect(threadCount()).toBeLessThanOrEqual(threadsBefore);
  });
});
