/** What each ticket transition writes into the registry (pure). */
import { describe, expect, it } from 'vitest';
import { changeForTransition, MAX_REASON_LENGTH } from '../../../src/actors/registry/index.js';
import type { EngineEvent } from '../../../src/runtime/events.js';

type Transition = Extract<EngineEvent, { type: 'ticket.transition' }>;
const ev = (from: Transition['from'], to: Transition['to'], extra: Partial<Transition> = {}): Transition => ({
  type: 'ticket.transition',
  at: 0,
  ticket: 'T-1',
  index: 0,
  from,
  to,
  event: 'ASSIGN',
  attempt: 1,
  agentId: 'shell-1',
  ...extra,
});
const START = new Date('2025-08-18T10:00:00.250Z');
const END = new Date('2025-08-18T11:05:00Z');

describe('changeForTransition', () => {
  it('marks the first start only, keeping an existing `started`', () => {
    expect(changeForTransition(ev('ready', 'executing'), { startedAt: undefined }, START)).toEqual({
      fields: { status: 'in-progress', started: '2025-08-18T10:00:00Z', blocked_reason: undefined },
      keep: ['started'],
      folder: 'in-progress',
    });
    expect(changeForTransition(ev('ready', 'executing'), { startedAt: START }, END)).toBeUndefined();
  });

  it('writes completion with the effort since the first start', () => {
    expect(changeForTransition(ev('validating', 'completed'), { startedAt: START }, END)?.fields).toEqual({
      status: 'completed',
      completed: '2025-08-18T11:05:00Z',
      actual_effort: '1h 5m',
      blocked_reason: undefined,
    });
    expect(changeForTransition(ev('executing', 'completed'), { startedAt: undefined }, END)?.fields).not.toHaveProperty('actual_effort');
  });

  it('writes failures and blocks as `blocked` with a one-line reason', () => {
    const error = { code: 'EXIT_CODE', message: `line one\n  line two ${'x'.repeat(400)}`, retryable: true };
    const failed = changeForTransition(ev('failing', 'failed', { error }), { startedAt: START }, END);
    expect(failed?.fields.status).toBe('blocked');
    expect(failed?.fields.blocked_reason).toMatch(/^failed: line one line two x+…$/);
    expect(failed?.fields.blocked_reason).toHaveLength(MAX_REASON_LENGTH);
    expect(changeForTransition(ev('waiting', 'blocked', { reason: 'SYS-015' }), { startedAt: undefined }, END)?.fields).toEqual({
      status: 'blocked',
      blocked_reason: 'blocked by SYS-015',
    });
    expect(changeForTransition(ev('ready', 'cancelled', { reason: 'by the user' }), { startedAt: undefined }, END)?.fields).toEqual({ status: 'cancelled' });
  });

  it('ignores outcomes that did not happen in this run, and intermediate states', () => {
    expect(changeForTransition(ev('waiting', 'completed'), { startedAt: undefined }, END)).toBeUndefined();
    expect(changeForTransition(ev('waiting', 'failed'), { startedAt: undefined }, END)).toBeUndefined();
    for (const to of ['ready', 'validating', 'failing', 'retrying', 'interrupted', 'held'] as const) {
      expect(changeForTransition(ev('executing', to), { startedAt: START }, END)).toBeUndefined();
    }
  });
});
