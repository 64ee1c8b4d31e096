/**
 * A hand-built RunSnapshot for the dashboard tests: release-2.0, 12m31s in,
 * 16 tickets (9 completed, 3 executing, 1 ready, 2 waiting, 1 failed).
 */
import type { TicketState } from '../../../src/machines/ticketMachine.js';
import type { Priority } from '../../../src/plan/types.js';
import type { RunSnapshot, SnapshotTicket } from '../../../src/runtime/runSnapshot.js';

export const T0 = 1_000_000;
export const NOW = T0 + 751_000; // 00:12:31

const ticket = (id: string, agent: string, priority: Priority, state: TicketState): SnapshotTicket => ({
  id,
  title: `Ticket ${id}`,
  agent,
  priority,
  group: undefined,
  state,
  attempt: state === 'waiting' || state === 'ready' ? 0 : 1,
  agentId: undefined,
  startedAt: undefined,
  endedAt: undefined,
  estimateMs: 600_000,
});

export function dashboardSnapshot(): RunSnapshot {
  return {
    runId: 'exec_20261128-031207-a3f9',
    planName: 'release-2.0',
    planFile: '/work/release/plan.yaml',
    state: 'running',
    live: true,
    pid: 4242,
    now: NOW,
    startedAt: T0,
    endedAt: undefined,
    counts: { completed: 9, executing: 3, ready: 1, waiting: 2, failed: 1 },
    total: 16,
    byPriority: {
      critical: { total: 2, completed: 2 },
      high: { total: 4, completed: 3 },
      medium: { total: 6, completed: 3 },
      low: { total: 4, completed: 1 },
    },
    groups: [
      { id: 1, total: 6, done: 6, running: 0 },
      { id: 2, total: 6, done: 3, running: 2 },
      { id: 3, total: 4, done: 1, running: 1 },
    ],
    agents: [
      { id: 'agent-001', type: 'shell', state: 'busy', ticket: 'MOD-012', progress: 0.6, since: NOW - 2_700_000, etaAt: NOW + 1_800_000, completed: 3, failed: 0 },
      { id: 'agent-002', type: 'shell', state: 'idle', ticket: undefined, progress: 0, since: undefined, etaAt: undefined, completed: 4, failed: 1 },
      { id: 'agent-003', type: 'doc', state: 'busy', ticket: 'DOC-004', progress: 0.25, since: NOW - 1_200_000, etaAt: NOW + 3_600_000, completed: 1, failed: 0 },
      { id: 'agent-004', type: 'db', state: 'busy', ticket: 'DB-001', progress: 1, since: NOW - 700_000, etaAt: NOW - 5_000, completed: 1, failed: 0 },
      { id: 'agent-005', type: 'doc', state: 'crashed', ticket: undefined, progress: 0, since: undefined, etaAt: undefined, completed: 0, failed: 0 },
      { id: 'agent-006', type: 'shell', state: 'retired', ticket: undefined, progress: 0, since: undefined, etaAt: undefined, completed: 0, failed: 0 },
    ],
    resources: [
      { name: 'database', capacity: 1, inUse: 1, holders: ['DB-001'] },
      { name: 'registry_updates', capacity: 4, inUse: 2, holders: ['MOD-012', 'DOC-004'] },
    ],
    activeConflicts: [{ running: 'MOD-012', waiting: 'MOD-013' }],
    waits: [
      { ticket: 'MOD-013', state: 'ready', reason: { kind: 'conflict', with: 10 }, text: 'conflicts with running MOD-012' },
      { ticket: 'SYS-020', state: 'waiting', reason: { kind: 'dependency', on: [10] }, text: 'waits for MOD-012' },
      { ticket: 'SYS-021', state: 'waiting', reason: { kind: 'dependency', on: [13, 12] }, text: 'waits for SYS-020, DB-001' },
    ],
    tickets: [
      ticket('SYS-001', 'shell', 'critical', 'completed'),
      ticket('SYS-002', 'shell', 'critical', 'completed'),
      ticket('SYS-015', 'shell', 'high', 'completed'),
      ticket('DOC-001', 'doc', 'high', 'completed'),
      ticket('DOC-002', 'doc', 'high', 'completed'),
      ticket('MOD-010', 'shell', 'medium', 'completed'),
      ticket('MOD-011', 'shell', 'medium', 'completed'),
      ticket('DOC-003', 'doc', 'medium', 'completed'),
      ticket('SYS-016', 'shell', 'low', 'completed'),
      ticket('SYS-017', 'shell', 'high', 'failed'),
      ticket('MOD-012', 'shell', 'medium', 'executing'),
      ticket('DOC-004', 'doc', 'medium', 'executing'),
      ticket('DB-001', 'db', 'medium', 'executing'),
      ticket('SYS-020', 'shell', 'low', 'waiting'),
      ticket('MOD-013', 'doc', 'low', 'ready'),
      ticket('SYS-021', 'shell', 'low', 'waiting'),
    ],
    velocityPerHour: 43.1,
    actualToEstimate: 1.2,
    etaMs: 8_100_000,
  };
}
