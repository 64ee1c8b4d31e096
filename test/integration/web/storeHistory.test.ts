/**
 * The dashboard's ticket history from the run store (a resumed run's earlier
 * sessions, a run `tpe monitor --web` joined half way): every journal row of
 * the ticket from before the page began watching, oldest first, and none after.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunStore } from '../../../src/runtime/store/RunStore.js';
import { storeHistory } from '../../../src/runtime/web/storeHistory.js';
import { makePlan } from '../../helpers/makePlan.js';
import { recordRun } from '../diagnose/recordRun.js';

const work = mkdtempSync(join(tmpdir(), 'tpe-store-history-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('storeHistory', () => {
  it("lists a ticket's journalled transitions before the given time, oldest first", async () => {
    const plan = makePlan([{ id: 'A', estimateMs: 100 }, { id: 'B', estimateMs: 100, dependsOn: ['A'], retries: 1, backoffMs: 10 }]);
    await recordRun(plan, work, { runId: 'run-h', failing: { B: [1] } });
    const store = RunStore.open(work);
    try {
      const all = await storeHistory(store, 'run-h', () => plan, Number.POSITIVE_INFINITY)('B');
      const path = all.map((s) => `${s.from}>${s.to}#${s.attempt}`);
      expect(path).toContain('ready>executing#1');
      expect(path).toContain('ready>executing#2');
      expect(path.at(-1)).toMatch(/>completed#2$/);
      expect(all.map((s) => s.at)).toEqual([...all.map((s) => s.at)].sort((a, b) => a - b));
      expect(all.every((s) => s.event === '')).toBe(true); // the journal does not keep causes
      // Only what happened before the page began watching: later steps it saw itself.
      const cut = all.find((s) => s.to === 'executing' && s.attempt === 2)!.at;
      const before = await storeHistory(store, 'run-h', () => plan, cut)('B');
      expect(before.length).toBeGreaterThan(0);
      expect(before.every((s) => s.at < cut)).toBe(true);
      expect(before.length).toBeLessThan(all.length);
      expect(await storeHistory(store, 'run-h', () => plan, Number.POSITIVE_INFINITY)('NOPE')).toEqual([]);
    } finally {
      store.close();
    }
  });
});
