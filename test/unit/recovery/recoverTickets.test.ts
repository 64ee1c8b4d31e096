import { describe, expect, it } from 'vitest';
import { initialTicketContext, type TicketState } from '../../../src/machines/ticketMachine.js';
import { recoverTickets } from '../../../src/runtime/recovery/recoverTickets.js';
import type { RestoredTicket } from '../../../src/runtime/runJournal.js';

const context = initialTicketContext({ retries: 1, gates: 0, hasRollback: false, backoffMs: 0 }, true);
/** Exit codes the attempts left, by `ticket.attempt` (what their exit files say). */
const exits = new Map<string, number>();
const exitCode = (i: number, a: number) => exits.get(`${i}.${a}`);
const writeExit = (i: number, a: number, code: number) => exits.set(`${i}.${a}`, code);
const last = (state: TicketState, attempt: number): RestoredTicket => ({ state, context, attempt, agentId: 'agent-001' });

function recover(entries: Array<RestoredTicket | undefined>, processes: Array<{ ticket: number; attempt: number }> = []) {
  return recoverTickets({
    last: entries,
    processes: processes.map((p) => ({ ...p, phase: 'work' as const })),
    exitCode,
    initialContext: () => context,
  });
}

describe('recoverTickets', () => {
  it('adopts the exit code of an attempt that ended while no engine watched', () => {
    writeExit(0, 1, 0);
    writeExit(1, 1, 3);
    const r = recover([last('executing', 1), last('executing', 1), last('executing', 1)]);
    expect(r.restore[0]).toMatchObject({ state: 'interrupted', attempt: 1, adopted: { ok: true, exitCode: 0 } });
    expect(r.restore[1]).toMatchObject({ state: 'interrupted', adopted: { ok: false, exitCode: 3 } });
    expect(r.restore[2]).toMatchObject({ state: 'interrupted', attempt: 1 });
    expect(r.restore[2]?.adopted).toBeUndefined();
    expect(r.adopted).toEqual([0, 1]);
    expect(r.requeued).toEqual([2]);
  });

  it('finds an attempt the journal never saw start: from its process record, or from its exit file alone', () => {
    writeExit(4, 2, 0);
    const r = recover([undefined, undefined, undefined, last('ready', 0), last('ready', 1)], [{ ticket: 3, attempt: 1 }]);
    expect(r.restore[3]).toMatchObject({ state: 'interrupted', attempt: 1 });
    expect(r.restore[4]).toMatchObject({ state: 'interrupted', attempt: 2, adopted: { ok: true, exitCode: 0 } });
  });

  it('adopts the work of a ticket interrupted by a stop just as it finished', () => {
    writeExit(5, 1, 0);
    const r = recover([undefined, undefined, undefined, undefined, undefined, last('interrupted', 1), last('interrupted', 1)]);
    expect(r.restore[5]).toMatchObject({ state: 'interrupted', adopted: { ok: true, exitCode: 0 } });
    expect(r.restore[6]).toEqual(last('interrupted', 1)); // killed before it ended: it runs again
  });

  it('leaves final tickets alone, and re-runs the gates of a ticket that was validating', () => {
    const r = recover([last('completed', 1), undefined, last('validating', 2)]);
    expect(r.restore[0]).toEqual(last('completed', 1));
    expect(r.restore[2]).toMatchObject({ state: 'interrupted', adopted: { ok: true, exitCode: 0 } });
  });
});
