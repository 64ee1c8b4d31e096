/**
 * The engine with its real executors: child processes in their own process
 * groups and piscina worker threads. What the unit and virtual-clock tests
 * cannot show: timeouts that kill whole process groups, workers that throw,
 * exit or run out of memory, and a forced stop that leaves nothing behind.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../src/plan/index.js';
import type { CompiledPlan } from '../../src/plan/types.js';
import { createEngine } from '../../src/runtime/createEngine.js';
import { isAlive, waitFor } from '../helpers/processes.js';
import type { EngineEvent } from '../../src/runtime/events.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'tpe-engine-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function plan(raw: Record<string, unknown>): CompiledPlan {
  const loaded = compilePlan({ name: 'integration', ...raw }, { file: join(work, 'plan.yaml'), baseDir: work });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}


describe('engine with real executors', () => {
  it('times out a process group, grandchildren included, and fails the ticket', async () => {
    const pidFile = join(work, 'grandchild.pid');
    const engine = createEngine(
      plan({
        defaults: { kill_grace: '200ms' },
        tickets: [{ id: 'HANG', run: [join(fixtures, 'executors', 'hang-with-grandchild.sh')], timeout: '500ms', env: { PID_FILE: pidFile } }],
      }),
      { workspace: work },
    );
    const result = await engine.start();
    expect(result.status).toBe('failed');
    expect(result.tickets[0]).toMatchObject({ state: 'failed' });
    expect(result.tickets[0]?.error?.code).toBe('TIMEOUT');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitFor(() => !isAlive(grandchild))).toBe(true);
  });

  it('passes ticket fields as environment variables, and writes the per-attempt log', async () => {
    const out = join(work, 'env.txt');
    const engine = createEngine(
      plan({
        tickets: [{ id: 'ENV-1', title: '$(touch pwned) `id`', category: 'system', priority: 'high', run: `printenv TICKET_ID TICKET_TITLE TICKET_ATTEMPT TICKET_PRIORITY TICKET_CATEGORY > ${out}; echo logged` }],
      }),
      { workspace: work },
    );
    const result = await engine.start();
    expect(result.status).toBe('completed');
    expect(readFileSync(out, 'utf8').split('\n').slice(0, 5)).toEqual(['ENV-1', '$(touch pwned) `id`', '1', 'high', 'system']);
    expect(existsSync(join(work, 'pwned'))).toBe(false);
    expect(readFileSync(result.tickets[0]!.logFile!, 'utf8')).toContain('logged');
  });

  it('fails a ticket whose worker throws, and keeps the engine running the rest', async () => {
    const engine = createEngine(
      plan({
        agents: { compute: { count: 1, executor: 'worker', module: join(fixtures, 'executors', 'throw.mjs') }, shell: { count: 1 } },
        tickets: [
          { id: 'THROWS', agent: 'compute' },
          { id: 'AFTER', agent: 'shell', run: 'true' },
        ],
      }),
      { workspace: work },
    );
    const result = await engine.start();
    expect(result.tickets.map((t) => [t.id, t.state, t.error?.code])).toEqual([
      ['THROWS', 'failed', 'WORKER_ERROR'],
      ['AFTER', 'completed', undefined],
    ]);
  });

  it('replaces an agent whose worker thread exits, and the retry succeeds', async () => {
    const events: EngineEvent[] = [];
    const engine = createEngine(
      plan({
        agents: { compute: { count: 1, executor: 'worker', module: join(fixtures, 'engine', 'crash-first-attempt.mjs') } },
        tickets: [{ id: 'CRASHY', retries: 1, backoff: '10ms' }],
      }),
      { workspace: work },
    );
    engine.on((e) => events.push(e));
    const result = await engine.start();
    expect(result.tickets[0]).toMatchObject({ state: 'completed', attempts: 2 });
    const agent = events.filter((e) => e.type === 'agent.transition').map((e) => (e.type === 'agent.transition' ? e.to : ''));
    expect(agent).toEqual(['busy', 'replacing', 'idle', 'busy', 'idle']);
  });

  it('fails a ticket whose worker exceeds its memory limit; the next ticket on the pool still runs', async () => {
    const engine = createEngine(
      plan({
        agents: { compute: { count: 1, executor: 'worker', module: join(fixtures, 'executors', 'oom.mjs'), memory_limit: '48MB' } },
        tickets: [
          { id: 'GREEDY', priority: 'critical', input: { chunks: 5000 } },
          { id: 'MODEST', input: { chunks: 2 } },
        ],
      }),
      { workspace: work },
    );
    const result = await engine.start();
    expect(result.tickets.map((t) => [t.id, t.state, t.error?.code])).toEqual([
      ['GREEDY', 'failed', 'WORKER_CRASHED'],
      ['MODEST', 'completed', undefined],
    ]);
  });

  it('stops by force: the running process group is killed, the ticket is interrupted, completed work is kept', async () => {
    const pidFile = join(work, 'forced.pid');
    const engine = createEngine(
      plan({
        defaults: { kill_grace: '200ms' },
        tickets: [
          { id: 'QUICK', run: 'true', priority: 'critical' },
          { id: 'LONG', run: [join(fixtures, 'executors', 'hang-with-grandchild.sh')], env: { PID_FILE: pidFile }, depends_on: ['QUICK'] },
        ],
      }),
      { workspace: work },
    );
    engine.on((e) => {
      if (e.type === 'ticket.transition' && e.ticket === 'LONG' && e.to === 'executing') {
        void waitFor(() => existsSync(pidFile)).then(() => engine.stop({ force: true }));
      }
    });
    const result = await engine.start();
    expect(result.status).toBe('stopped');
    expect(result.tickets.map((t) => t.state)).toEqual(['completed', 'interrupted']);
    expect(await waitFor(() => !isAlive(Number(readFileSync(pidFile, 'utf8'))))).toBe(true);
  });
});
