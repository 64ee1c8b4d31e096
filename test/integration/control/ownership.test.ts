/**
 * Run ownership in process, with a real store and real processes: a run is
 * owned from the moment it is recorded, a second engine is refused while the
 * owner lives, and an engine whose run was taken from it stops and writes
 * nothing more.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunOwnedError, UsageError } from '../../../src/errors.js';
import { compilePlan } from '../../../src/plan/index.js';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { resumeDurableRun } from '../../../src/runtime/durable/resumeDurableRun.js';
import { startDurableRun } from '../../../src/runtime/durable/startDurableRun.js';
import { RunStore } from '../../../src/runtime/store/RunStore.js';

let work: string;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-owner-'));
});
afterEach(() => rmSync(work, { recursive: true, force: true }));

function plan(n: number, sleep: number): CompiledPlan {
  const loaded = compilePlan(
    { name: 'owner', agents: { shell: { count: 1 } }, defaults: { kill_grace: '100ms' }, tickets: Array.from({ length: n }, (_, i) => ({ id: `T${i}`, run: `sleep ${sleep}` })) },
    { file: join(work, 'plan.yaml'), baseDir: work },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  return loaded.value;
}

describe('run ownership', () => {
  it('a recorded run is owned by its engine: a resume from elsewhere in its life is refused, naming it', async () => {
    const run = await startDurableRun(plan(2, 0.2), { workspace: work, registry: false });
    const done = run.start();
    const other = RunStore.open(work);
    try {
      const refused = await resumeDurableRun(other, run.engine.runId, work).then(
        () => undefined,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(RunOwnedError);
      expect((refused as RunOwnedError).message).toMatch(new RegExp(`^run ${run.engine.runId} is owned by process ${process.pid} on `));
      expect((await done).status).toBe('completed');
      // Released at its end: nobody holds it.
      expect(other.holderOf(run.engine.runId)).toBeUndefined();
    } finally {
      other.close();
      run.store.close();
    }
  });

  it('an engine whose run was taken from it stops at once, appends nothing more, and says who took it', async () => {
    const run = await startDurableRun(plan(6, 0.3), { workspace: work, registry: false });
    const done = run.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    await new Promise((r) => setTimeout(r, 200));
    // An engine on another host, presumed dead at once (stale after 0 ms), takes the run.
    const thief = RunStore.open(work, { lease: { self: { pid: 4242, startTicks: 1, host: 'elsewhere' }, staleAfterMs: -1 } });
    const taken = thief.takeRun(run.engine.runId, Date.now());
    expect(taken.ok).toBe(true);
    const rowsAtTakeover = thief.journalRows(run.engine.runId).length;
    const err = await done;
    expect(err).toBeInstanceOf(RunOwnedError);
    expect((err as Error).message).toMatch(/was taken over by process 4242 on elsewhere .* this engine stopped its work and wrote nothing more/);
    expect(thief.journalRows(run.engine.runId).length).toBe(rowsAtTakeover);
    // The status is the new owner's to write: still running, as it was.
    expect(thief.getRun(run.engine.runId)?.status).toBe('running');
    thief.close();
    run.store.close();
  });

  it('refuses to record a run under an id the workspace already has', async () => {
    const first = await startDurableRun(plan(1, 0), { workspace: work, registry: false, runId: 'exec_same' });
    await first.start();
    first.store.close();
    await expect(startDurableRun(plan(1, 0), { workspace: work, registry: false, runId: 'exec_same' })).rejects.toThrow(UsageError);
  });
});
