import { describe, expect, it } from 'vitest';
import { folderStatus } from '../../../src/plan/folderStatus.js';
import { readStatus } from '../../../src/plan/readStatus.js';
import { priorityInput } from '../../../src/plan/schemaParts.js';

describe('readStatus: statuses as real registries write them', () => {
  it.each([
    ['✅ COMPLETED', 'completed'],
    ['⏳ PENDING', 'pending'],
    ['In Progress', 'in-progress'],
    ['in_progress', 'in-progress'],
    ['IN-PROGRESS', 'in-progress'],
    ['done', 'completed'],
    ['closed', 'completed'],
    ['Completed (2025-01-03)', 'completed'],
    ['planning', 'planning'],
    ['blocked', 'blocked'],
    ['🚫 Cancelled', 'cancelled'],
    ["won't fix", 'cancelled'],
    ['Resolved', 'resolved'],
  ])('%s is %s', (raw, status) => {
    expect(readStatus(raw)).toEqual({ known: true, status });
  });

  it('an unknown status stays unknown, also when a known word comes later ("not done" is not done)', () => {
    expect(readStatus('🤔 pondering')).toEqual({ known: false, words: 'pondering' });
    expect(readStatus('not done')).toEqual({ known: false, words: 'not-done' });
    expect(readStatus('partially completed')).toEqual({ known: false, words: 'partially-completed' });
  });
});

describe('folderStatus: settled folders', () => {
  it('the folder nearest the file decides; open folders say nothing', () => {
    expect(folderStatus(['completed'])).toEqual({ name: 'completed', status: 'completed' });
    expect(folderStatus(['tickets', 'Archive', '2025'])).toEqual({ name: 'Archive', status: 'completed' });
    expect(folderStatus(['cancelled'])).toEqual({ name: 'cancelled', status: 'cancelled' });
    expect(folderStatus(['pending'])).toBeUndefined();
    expect(folderStatus([])).toBeUndefined();
  });
});

describe('priorities as registries write them', () => {
  it.each([
    ['🔥 CRITICAL', 'critical'],
    ['🔴 HIGH', 'high'],
    ['P1', 'high'],
    [1, 'high'],
    [0, 'critical'],
    ['Medium', 'medium'],
    ['normal', 'medium'],
    ['p3', 'low'],
  ] as const)('%s is %s', (raw, priority) => {
    expect(priorityInput.parse(raw)).toBe(priority);
  });

  it('an unknown priority is still refused', () => {
    expect(priorityInput.safeParse('someday').success).toBe(false);
  });
});
