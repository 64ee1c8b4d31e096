/**
 * Steering a live durable run through its control socket, with real child
 * processes and a real SQLite store: pause (waiting or interrupting), resume,
 * stop (graceful or forced), adjust, and who may connect.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compilePlan, loadPlan } from '../../../src/plan/index.js';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { sendControl } from '../../../src/runtime/control/sendControl.js';
import { resumeDurableRun } from '../../../src/runtime/durable/resumeDurableRun.js';
import { startDurableRun } from '../../../src/runtime/durable/startDurableRun.js';
import type { EngineEvent } from '../../../src/runtime/events.js';
import type { RunSnapshot } from '../../../src/runtime/runSnapshot.js';
import { RunStore } from '../../../src/runtime/store/RunStore.js';
import { isAlive } from '../../helpers/processes.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-control-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

const ledger = () => (existsSync(join(work, 'ledger')) ? readFileSync(join(work, 'ledger'), 'utf8').trim().split('\n').filter(Boolean) : []);
const until = async (cond: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Tickets that record their pid, sleep, then append to the ledger. */
function plan(tickets: Array<{ id: string; sleep?: number; priority?: string; depends_on?: string[] }>, agents = 2): CompiledPlan {
  const loaded = compilePlan(
    {
      name: 'control',
      agents: { shell: { count: agents } },
      defaults: { kill_grace: '200ms' },
      tickets: tickets.map((t) => ({
        id: t.id,
        priority: t.priority ?? 'medium',
        depends_on: t.depends_on ?? [],
        run: `echo $$ > "${work}/$TICKET_ID.pid"; sleep ${t.sleep ?? 0.4}; echo $TICKET_ID >> "${work}/ledger"`,
      })),
    },
    { file: join(work, 'plan.yaml'), baseDir: work },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}

async function start(p: CompiledPlan) {
  const run = await startDurableRun(p, { workspace: work, registry: false });
  const events: EngineEvent[] = [];
  run.engine.on((e) => events.push(e));
  const done = run.start();
  const executing = () => events.filter((e) => e.type === 'ticket.transition' && e.to === 'executing').map((e) => (e.type === 'ticket.transition' ? e.ticket : ''));
  return { ...run, done, events, executing, socket: run.control.path };
}

describe('control channel of a live run', () => {
  it('pauses after running tickets finish (--wait-for-completion), then resumes', async () => {
    const r = await start(plan([{ id: 'A' }, { id: 'B' }, { id: 'C' }, { id: 'D' }]));
    await until(() => r.executing().length === 2);
    const snap = (await sendControl(r.socket, { op: 'pause', wait: true })) as RunSnapshot;
    expect(snap.state).toBe('paused');
    expect(ledger().sort()).toEqual(['A', 'B']);
    await new Promise((res) => setTimeout(res, 300));
    expect(r.executing()).toHaveLength(2); // nothing new started while paused
    await sendControl(r.socket, { op: 'resume' });
    const result = await r.done;
    expect(result.status).toBe('completed');
    expect(ledger().sort()).toEqual(['A', 'B', 'C', 'D']);
    r.store.close();
  });

  it('pauses by interrupting running tickets (their processes die), which run again on resume', async () => {
    const r = await start(plan([{ id: 'A', sleep: 5 }, { id: 'B', sleep: 5 }]));
    await until(() => existsSync(join(work, 'A.pid')) && existsSync(join(work, 'B.pid')));
    const pids = ['A', 'B'].map((id) => Number(readFileSync(join(work, `${id}.pid`), 'utf8')));
    const snap = (await sendControl(r.socket, { op: 'pause', wait: false })) as RunSnapshot;
    expect(snap.state).toBe('paused');
    expect(snap.counts.interrupted).toBe(2);
    await until(() => pids.every((p) => !isAlive(p)));
    expect(ledger()).toEqual([]);
    void r.engine.stop({ force: true });
    await r.done;
    r.store.close();
  });

  it('stops by force: running process groups are killed at once; resume completes the rest exactly once', async () => {
    const r = await start(plan([{ id: 'A', sleep: 0.05 }, { id: 'B', sleep: 1.5, depends_on: ['A'] }, { id: 'C', depends_on: ['B'] }]));
    await until(() => existsSync(join(work, 'B.pid')));
    const pid = Number(readFileSync(join(work, 'B.pid'), 'utf8'));
    const stopped = (await sendControl(r.socket, { op: 'stop', force: true })) as { status: string };
    expect(stopped.status).toBe('stopped');
    expect((await r.done).status).toBe('stopped');
    await until(() => !isAlive(pid));
    expect(ledger()).toEqual(['A']);
    r.store.close();

    const store = RunStore.open(work);
    expect(store.getRun(r.engine.runId)?.status).toBe('stopped');
    const resumed = await resumeDurableRun(store, r.engine.runId, work);
    const result = await resumed.start();
    expect(result.status).toBe('completed');
    expect(ledger()).toEqual(['A', 'B', 'C']);
    expect(result.tickets.find((t) => t.id === 'B')?.attempts).toBe(2);
    store.close();
  });

  it('stops gracefully: running tickets finish, the rest stays for a resume', async () => {
    const r = await start(plan([{ id: 'A' }, { id: 'B', depends_on: ['A'] }]));
    await until(() => r.executing().length === 1);
    const stopped = (await sendControl(r.socket, { op: 'stop', force: false })) as { status: string };
    expect(stopped.status).toBe('stopped');
    expect(ledger()).toEqual(['A']);
    const result = await r.done;
    expect(result.tickets.map((t) => t.state)).toEqual(['completed', 'ready']);
    r.store.close();
  });

  it('adjusts a live run: more agents run more at once, a raised priority goes first', async () => {
    const r = await start(
      plan(
        [
          { id: 'A', sleep: 0.6 },
          { id: 'B', sleep: 0.6 },
          { id: 'C', sleep: 0.6 },
          { id: 'D', sleep: 0.2 },
          { id: 'LATE', sleep: 0.2, priority: 'low' },
        ],
        1,
      ),
    );
    await until(() => r.executing().length === 1);
    const changed = (await sendControl(r.socket, { op: 'adjust', adjust: { agents: { shell: 3 }, priority: { LATE: 'critical' } } })) as Record<string, unknown>;
    expect(changed['agents.shell']).toEqual({ added: ['agent-002', 'agent-003'], retiring: [] });
    await until(() => r.executing().length === 3);
    // The two new agents took LATE (now critical) and the next ticket, at once.
    expect(r.executing()[1]).toBe('LATE');
    const snap = (await sendControl(r.socket, { op: 'status' })) as RunSnapshot;
    expect(snap.agents.filter((a) => a.state === 'busy')).toHaveLength(3);
    expect((await r.done).status).toBe('completed');
    r.store.close();
  });

  it('adds tickets from a file to the live run; a resume after a crash-like stop still knows them', async () => {
    // extendPlan compiles the plan file with the additions: this run's plan comes from a file.
    const file = join(work, 'plan.yaml');
    const run = (id: string, sleep: number) => `echo $$ > "${work}/${id}.pid"; sleep ${sleep}; echo ${id} >> "${work}/ledger"`;
    writeFileSync(
      file,
      ['name: control', 'agents: { shell: { count: 2 } }', 'defaults: { kill_grace: 200ms }', 'tickets:',
        `  - { id: A, run: ${JSON.stringify(run('A', 0.3))} }`,
        // B runs long enough for the stop below to find it running, even on a loaded machine.
        `  - { id: B, depends_on: [A], run: ${JSON.stringify(run('B', 3))} }`, ''].join('\n'),
    );
    const loaded = await loadPlan(file);
    if (!loaded.ok) throw new Error('plan does not load');
    const p = loaded.value;
    const r = await start(p);
    await until(() => r.executing().length === 1);
    const more = join(work, 'more.yaml');
    writeFileSync(more, `tickets:\n  - { id: C, depends_on: [A], run: "echo C >> ${work}/ledger" }\n  - { id: D, depends_on: [B, C], run: "echo D >> ${work}/ledger" }\n`);
    const changed = (await sendControl(r.socket, { op: 'adjust', adjust: { add: more } })) as { added: string[] };
    expect(changed.added).toEqual(['C', 'D']);
    // C's line in the ledger comes before its process ends: a stop in between kills C
    // unfinished, and it runs again. Wait for the engine to have seen it complete.
    await until(() => r.events.some((e) => e.type === 'ticket.transition' && e.ticket === 'C' && e.to === 'completed'));
    await sendControl(r.socket, { op: 'stop', force: true });
    await r.done;
    r.store.close();

    const store = RunStore.open(work);
    const resumed = await resumeDurableRun(store, r.engine.runId, work);
    const result = await resumed.start();
    expect(result.status).toBe('completed');
    expect(result.tickets.map((t) => t.id)).toEqual(['A', 'B', 'C', 'D']);
    expect(ledger().sort()).toEqual(['A', 'B', 'C', 'D']);
    store.close();
  });

  it('refuses bad adjustments with a message, and keeps running', async () => {
    const r = await start(plan([{ id: 'A', sleep: 0.3 }]));
    await expect(sendControl(r.socket, { op: 'adjust', adjust: { agents: { nope: 2 } } })).rejects.toThrow(/unknown agent type "nope"/);
    await expect(sendControl(r.socket, { op: 'adjust', adjust: { hold: ['MISSING'] } })).rejects.toThrow(/unknown ticket "MISSING"/);
    expect((await r.done).status).toBe('completed');
    r.store.close();
  });

  it('only its user can reach the socket: mode 0600 in a 0700 directory, another user is refused', async () => {
    const r = await start(plan([{ id: 'A', sleep: 2 }]));
    expect(statSync(r.socket).mode & 0o777).toBe(0o600);
    expect(statSync(join(work, '.tpe', 'runs', r.engine.runId)).mode & 0o777).toBe(0o700);
    if (process.getuid?.() === 0) {
      // As root we can become someone else: nobody (65534) must not be able to connect.
      const probe = spawnSync(
        process.execPath,
        ['-e', `require('net').connect(${JSON.stringify(r.socket)}).on('connect',()=>{console.log('CONNECTED');process.exit(0)}).on('error',e=>{console.log(e.code);process.exit(0)})`],
        { uid: 65534, gid: 65534, encoding: 'utf8' },
      );
      expect(probe.stdout.trim()).toMatch(/^(EACCES|EPERM)$/);
    }
    void r.engine.stop({ force: true });
    await r.done;
    r.store.close();
  });
});
