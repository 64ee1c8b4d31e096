import { describe, expect, it } from 'vitest';
import { displayWidth } from '../../../src/cli/render/displayWidth.js';
import { DASHBOARD_FOCUSES, renderDashboard } from '../../../src/cli/render/renderDashboard.js';
import { colors, plain } from '../../../src/cli/render/style.js';
import type { RunSnapshot } from '../../../src/runtime/runSnapshot.js';
import { dashboardSnapshot, NOW, T0 } from './dashboardSnapshot.js';

/** ANSI codes as readable markers: `<b>…</b>`, `<green>…</>`. */
const MARKERS: Array<[string, string]> = [
  ['\x1b[1m', '<b>'],
  ['\x1b[2m', '<dim>'],
  ['\x1b[22m', '</b>'],
  ['\x1b[31m', '<red>'],
  ['\x1b[32m', '<green>'],
  ['\x1b[33m', '<yellow>'],
  ['\x1b[36m', '<cyan>'],
  ['\x1b[39m', '</>'],
];
const markers = (s: string) => MARKERS.reduce((out, [code, marker]) => out.split(code).join(marker), s);

const lines = (...ls: string[]) => ls.join('\n');

const HEAD = lines(
  'PARALLEL EXECUTION DASHBOARD   release-2.0 · exec_20261128-031207-a3f9 · running · 00:12:31',
  '═══════════════════════════════════════════════',
  'Active Groups:     2/3',
  'Running Agents:    3/5',
  'Completion Rate:   56%',
  'Active Conflicts:  1',
  'ETA:               2h 15m',
);
const AGENTS = lines(
  'Agent Status Matrix',
  'Agent ID  | Type  | Ticket  | Status    | Progress | ETA',
  '──────────┼───────┼─────────┼───────────┼──────────┼────────',
  'agent-001 | shell | MOD-012 | executing | 60%      | 30m',
  'agent-002 | shell | -       | idle      | -        | deps',
  'agent-003 | doc   | DOC-004 | executing | 25%      | 1h',
  'agent-004 | db    | DB-001  | executing | 100%     | overdue',
  'agent-005 | doc   | -       | crashed   | -        | -',
);
const PROGRESS = lines(
  'Progress by Priority',
  'critical ████████████████████ 2/2',
  'high     ███████████████░░░░░ 3/4',
  'medium   ██████████░░░░░░░░░░ 3/6',
  'low      █████░░░░░░░░░░░░░░░ 1/4',
  'Velocity: 43.1 tickets/hour',
);
const RESOURCES = lines(
  'Resources',
  'database         ████████████████████ 1/1 held by DB-001',
  'registry_updates ██████████░░░░░░░░░░ 2/4 held by MOD-012, DOC-004',
);
const CONFLICTS = lines('Active Conflicts', 'MOD-013 waits for MOD-012');
const WAITS = lines(
  'Waiting Tickets',
  'Ticket  | State   | Why',
  '────────┼─────────┼───────────────────────────────',
  'MOD-013 | ready   | conflicts with running MOD-012',
  'SYS-020 | waiting | waits for MOD-012',
  'SYS-021 | waiting | waits for SYS-020, DB-001',
);
const FOOTER = 'Tickets: 16 · 2 waiting · 1 ready · 3 executing · 9 completed · 1 failed';

describe('renderDashboard', () => {
  it('plain: every section, ASCII labels, no emoji, no colour', () => {
    const out = renderDashboard(dashboardSnapshot(), { style: plain, width: 100 });
    expect(out).toBe([HEAD, AGENTS, PROGRESS, RESOURCES, CONFLICTS, WAITS, FOOTER].join('\n\n'));
  });

  it('styled: the seed’s emoji, colours on states and bars', () => {
    const out = markers(renderDashboard(dashboardSnapshot(), { style: colors, width: 100, focus: 'agents' }));
    expect(out).toBe(
      lines(
        '<b>📊 PARALLEL EXECUTION DASHBOARD</b>   release-2.0 · exec_20261128-031207-a3f9 · <green>running</> · 00:12:31',
        '═══════════════════════════════════════════════',
        '🎯 Active Groups:     2/3',
        '🔄 Running Agents:    3/5',
        '⚡ Completion Rate:   56%',
        '🚨 Active Conflicts:  <red>1</>',
        '📈 ETA:               2h 15m',
        '',
        '<b>Agent Status Matrix</b>',
        'Agent ID  | Type  | Ticket  | Status    | Progress | ETA',
        '──────────┼───────┼─────────┼───────────┼──────────┼────────',
        'agent-001 | shell | MOD-012 | <cyan>executing</> | 60%      | 30m',
        'agent-002 | shell | -       | idle      | -        | deps',
        'agent-003 | doc   | DOC-004 | <cyan>executing</> | 25%      | 1h',
        'agent-004 | db    | DB-001  | <cyan>executing</> | 100%     | overdue',
        'agent-005 | doc   | -       | <red>crashed</>   | -        | -',
        '',
        'Tickets: 16 · 2 waiting · 1 ready · 3 executing · <green>9 completed</> · <red>1 failed</>',
      ),
    );
    const bars = markers(renderDashboard(dashboardSnapshot(), { style: colors, width: 100, focus: 'progress' })).split('\n');
    expect(bars.slice(8, 10)).toEqual(['<b>Progress by Priority</b>', 'critical <green>████████████████████</> 2/2']);
    expect(bars[10]).toBe('high     <green>███████████████</><dim>░░░░░</b> 3/4');
  });

  it('emoji can be asked for (or refused) whatever the style', () => {
    expect(renderDashboard(dashboardSnapshot(), { style: plain, width: 100, emoji: true }).split('\n')[2]).toBe('🎯 Active Groups:     2/3');
    expect(renderDashboard(dashboardSnapshot(), { style: colors, width: 100, emoji: false }).split('\n')[2]).toBe('Active Groups:     2/3');
  });

  it('each focus shows the summary, its section and the footer', () => {
    const render = (focus: (typeof DASHBOARD_FOCUSES)[number]) => renderDashboard(dashboardSnapshot(), { style: plain, width: 100, focus });
    expect(render('agents')).toBe([HEAD, AGENTS, FOOTER].join('\n\n'));
    expect(render('progress')).toBe([HEAD, PROGRESS, FOOTER].join('\n\n'));
    expect(render('resources')).toBe([HEAD, RESOURCES, FOOTER].join('\n\n'));
    expect(render('conflicts')).toBe([HEAD, CONFLICTS, WAITS, FOOTER].join('\n\n'));
  });

  it('a focused section says when it has nothing; the full view leaves it out', () => {
    const quiet: RunSnapshot = { ...dashboardSnapshot(), resources: [], activeConflicts: [], waits: [] };
    expect(renderDashboard(quiet, { style: plain, width: 100, focus: 'resources' })).toContain('\nResources\nno resources declared\n');
    expect(renderDashboard(quiet, { style: plain, width: 100, focus: 'conflicts' })).toContain('\nActive Conflicts\nnone\n\nWaiting Tickets\nnone\n');
    const full = renderDashboard(quiet, { style: plain, width: 100 });
    expect(full).not.toContain('Resources');
    expect(full).not.toContain('Waiting Tickets');
    expect(full).toBe([HEAD.replace('Active Conflicts:  1', 'Active Conflicts:  0'), AGENTS, PROGRESS, FOOTER].join('\n\n'));
  });

  it('narrow: the title wraps, tables drop spare columns then cut cells with …', () => {
    const out = renderDashboard(dashboardSnapshot(), { style: plain, width: 40 });
    expect(out).toBe(
      lines(
        'PARALLEL EXECUTION DASHBOARD',
        'release-2.0 · exec_20261128-031207-a3f9…',
        '════════════════════════════════════════',
        'Active Groups:     2/3',
        'Running Agents:    3/5',
        'Completion Rate:   56%',
        'Active Conflicts:  1',
        'ETA:               2h 15m',
        '',
        'Agent Status Matrix',
        'Agent ID  | Ticket  | Status   | ETA',
        '──────────┼─────────┼──────────┼────────',
        'agent-001 | MOD-012 | executi… | 30m',
        'agent-002 | -       | idle     | deps',
        'agent-003 | DOC-004 | executi… | 1h',
        'agent-004 | DB-001  | executi… | overdue',
        'agent-005 | -       | crashed  | -',
        '',
        'Progress by Priority',
        'critical ██████████ 2/2',
        'high     ████████░░ 3/4',
        'medium   █████░░░░░ 3/6',
        'low      ███░░░░░░░ 1/4',
        'Velocity: 43.1 tickets/hour',
        '',
        'Resources',
        'database         ██████████ 1/1 held by…',
        'registry_updates █████░░░░░ 2/4 held by…',
        '',
        'Active Conflicts',
        'MOD-013 waits for MOD-012',
        '',
        'Waiting Tickets',
        'Ticket  | State   | Why',
        '────────┼─────────┼─────────────────────',
        'MOD-013 | ready   | conflicts with runn…',
        'SYS-020 | waiting | waits for MOD-012',
        'SYS-021 | waiting | waits for SYS-020, …',
        '',
        'Tickets: 16 · 2 waiting · 1 ready · 3 e…',
      ),
    );
  });

  it('is never wider than the width, styled or not', () => {
    for (const style of [plain, colors]) {
      for (let width = 1; width <= 120; width++) {
        for (const focus of [undefined, ...DASHBOARD_FOCUSES]) {
          const out = renderDashboard(dashboardSnapshot(), { style, width, ...(focus ? { focus } : {}) });
          for (const line of out.split('\n')) expect(displayWidth(line), `width ${width}: ${line}`).toBeLessThanOrEqual(width);
        }
      }
    }
  });

  it('shows at most maxRows rows of each table, then counts the rest', () => {
    const out = renderDashboard(dashboardSnapshot(), { style: plain, width: 100, maxRows: 2 });
    expect(out).toContain(
      lines(
        'agent-001 | shell | MOD-012 | executing | 60%      | 30m',
        'agent-002 | shell | -       | idle      | -        | deps',
        '… 3 more agents',
      ),
    );
    expect(out).toContain(lines('SYS-020 | waiting | waits for MOD-012', '… 1 more waiting'));
    // The snapshot lists only the first waits: the counts say how many wait in all.
    const many: RunSnapshot = { ...dashboardSnapshot(), counts: { completed: 9, executing: 3, ready: 1, waiting: 40, failed: 1 } };
    expect(renderDashboard(many, { style: plain, width: 100, maxRows: 2 })).toContain('… 39 more waiting');
    const resources = renderDashboard(dashboardSnapshot(), { style: plain, width: 100, maxRows: 1, focus: 'resources' });
    expect(resources).toContain(lines('database ████████████████████ 1/1 held by DB-001', '… 1 more resources'));
  });

  it('is deterministic: the same snapshot gives the same string', () => {
    const a = renderDashboard(dashboardSnapshot(), { style: colors, width: 80 });
    expect(renderDashboard(dashboardSnapshot(), { style: colors, width: 80 })).toBe(a);
  });

  it('ETA: done once finished, - when unknown', () => {
    const eta = (patch: Partial<RunSnapshot>) => renderDashboard({ ...dashboardSnapshot(), ...patch }, { style: plain, width: 100 }).split('\n')[6];
    expect(eta({ etaMs: undefined })).toBe('ETA:               -');
    expect(eta({ etaMs: Number.POSITIVE_INFINITY })).toBe('ETA:               -');
    expect(eta({ state: 'completed', endedAt: T0 + 3_600_000, etaMs: 0 })).toBe('ETA:               done');
    expect(eta({ state: 'stopped' })).toBe('ETA:               done');
    expect(eta({ state: 'paused' })).toBe('ETA:               2h 15m');
  });

  it('the clock runs to the end of a finished run, and from 0 before the start', () => {
    const title = (patch: Partial<RunSnapshot>) => renderDashboard({ ...dashboardSnapshot(), ...patch }, { style: plain, width: 120 }).split('\n')[0];
    expect(title({ state: 'completed', endedAt: T0 + 36_000_000 + 5_000 })).toMatch(/ · completed · 10:00:05$/);
    expect(title({ state: 'validating', startedAt: undefined })).toMatch(/ · validating · 00:00:00$/);
  });

  it('agent ETA deps needs the tickets: without them an idle agent shows -', () => {
    const out = renderDashboard({ ...dashboardSnapshot(), tickets: undefined }, { style: plain, width: 100, focus: 'agents' });
    expect(out).toContain('agent-002 | shell | -       | idle      | -        | -\n');
    // An idle agent whose type has ready work is not waiting on dependencies.
    const snap = dashboardSnapshot();
    const tickets = snap.tickets?.map((t) => (t.id === 'SYS-020' ? { ...t, state: 'ready' as const } : t));
    expect(renderDashboard({ ...snap, tickets }, { style: plain, width: 100, focus: 'agents' })).toContain('| idle      | -        | -\n');
  });

  it('a retiring agent still running its ticket counts as running, with progress and ETA', () => {
    const snap = dashboardSnapshot();
    const agents = snap.agents.map((a) => (a.id === 'agent-001' ? { ...a, state: 'retiring' } : a));
    const out = renderDashboard({ ...snap, agents }, { style: plain, width: 100, focus: 'agents' });
    expect(out).toContain('Running Agents:    3/5\n');
    expect(out).toContain('agent-001 | shell | MOD-012 | retiring  | 60%      | 30m\n');
  });

  it('reads ready work of groups and the kind of conflicts when the snapshot carries them', () => {
    const snap = dashboardSnapshot();
    const groups = [...snap.groups, { id: 4, total: 2, done: 0, running: 0, ready: 2 }, { id: 5, total: 2, done: 0, running: 0 }];
    const activeConflicts = [{ running: 'MOD-012', waiting: 'MOD-013', kind: 'files' }];
    const out = renderDashboard({ ...snap, groups, activeConflicts }, { style: plain, width: 100 });
    expect(out).toContain('Active Groups:     3/5\n');
    expect(out).toContain('\nMOD-013 waits for MOD-012 (files)\n');
  });

  it('an empty run renders', () => {
    const empty: RunSnapshot = {
      ...dashboardSnapshot(),
      state: 'validating',
      now: NOW,
      startedAt: undefined,
      counts: {},
      total: 0,
      byPriority: { critical: { total: 0, completed: 0 }, high: { total: 0, completed: 0 }, medium: { total: 0, completed: 0 }, low: { total: 0, completed: 0 } },
      groups: [],
      agents: [],
      resources: [],
      activeConflicts: [],
      waits: [],
      tickets: [],
      velocityPerHour: 0,
      etaMs: undefined,
    };
    expect(renderDashboard(empty, { style: plain, width: 63 })).toBe(
      lines(
        'PARALLEL EXECUTION DASHBOARD',
        'release-2.0 · exec_20261128-031207-a3f9 · validating · 00:00:00',
        '═══════════════════════════════════════════════',
        'Active Groups:     0/0',
        'Running Agents:    0/0',
        'Completion Rate:   0%',
        'Active Conflicts:  0',
        'ETA:               -',
        '',
        'Agent Status Matrix',
        'no agents',
        '',
        'Progress by Priority',
        'no tickets',
        'Velocity: 0.0 tickets/hour',
        '',
        'Tickets: 0',
      ),
    );
  });
});
