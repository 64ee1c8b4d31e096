/**
 * The seed's execution dashboard (`tpe monitor --dashboard`, `--focus …`):
 * the summary block, the Agent Status Matrix, progress by priority, resource
 * bars, active conflicts and why tickets wait, then counts by state. Pure: a
 * RunSnapshot in, text out; the same snapshot always gives the same string.
 *
 * Emoji appear only on a styled (colour) terminal: they are the characters
 * whose width terminals and fonts disagree on, and they are noise in logs and
 * pipes. The plain form keeps the seed's words as ASCII labels. Box drawing
 * and bar blocks stay in both, as in every other table of the CLI.
 */
import { TICKET_STATES, type TicketState } from '../../machines/ticketMachine.js';
import { formatDuration, PRIORITIES } from '../../plan/index.js';
import type { RunSnapshot, SnapshotAgent, SnapshotGroup } from '../../runtime/runSnapshot.js';
import { displayWidth, truncateToWidth } from './displayWidth.js';
import { formatElapsed } from './formatElapsed.js';
import { renderBar } from './renderBar.js';
import { renderFittedTable } from './renderFittedTable.js';
import type { Style } from './style.js';

export const DASHBOARD_FOCUSES = ['agents', 'resources', 'conflicts', 'progress'] as const;
export type DashboardFocus = (typeof DASHBOARD_FOCUSES)[number];

export interface DashboardOptions {
  style: Style;
  /** Most cells a line may take; longer cells end in `…`. */
  width: number;
  /** Show one section only (the summary and the footer always show). @default every section */
  focus?: DashboardFocus;
  /** Most rows of each table or list; the rest is counted in a `… N more` line. @default 10 */
  maxRows?: number;
  /** Emoji in the title and the summary. @default true when `style` colours (a TTY), false for `plain` */
  emoji?: boolean;
}

/** The seed's rule under the title. */
const RULE_WIDTH = 47;
const LABEL_WIDTH = 19;

/** Run states after which nothing is left to predict. */
const FINISHED = new Set<RunSnapshot['state']>(['completed', 'failed', 'stopped']);
/** Ticket states that wait for something (neither running nor final). */
const PENDING: ReadonlySet<TicketState> = new Set(['waiting', 'held', 'ready', 'failing', 'retrying', 'interrupted']);

/**
 * A snapshot group, with ready work when the snapshot reports it: a group is
 * active when a ticket of it runs or is ready to.
 */
type GroupView = SnapshotGroup & { ready?: number };
/** An active conflict, with its kind (`files`, `resource`, …) when the snapshot reports it. */
type ConflictView = RunSnapshot['activeConflicts'][number] & { kind?: string };

export function renderDashboard(snapshot: RunSnapshot, options: DashboardOptions): string {
  const { style } = options;
  const width = Math.max(1, Math.floor(options.width));
  const maxRows = Math.max(1, options.maxRows ?? 10);
  const emoji = options.emoji ?? style.bold('x') !== 'x';
  const show = (section: DashboardFocus) => options.focus === undefined || options.focus === section;
  const full = options.focus === undefined;
  const ctx: SectionContext = { snapshot, style, width, maxRows };

  const lines: string[] = [...header(snapshot, style, width, emoji), '═'.repeat(Math.min(width, RULE_WIDTH)), ...summary(snapshot, style, emoji, width)];
  const sections: string[][] = [];
  if (show('agents')) sections.push(agentSection(ctx));
  if (show('progress')) sections.push(progressSection(ctx));
  if (show('resources') && (!full || snapshot.resources.length > 0)) sections.push(resourceSection(ctx));
  if (show('conflicts') && (!full || snapshot.activeConflicts.length > 0)) sections.push(conflictSection(ctx));
  if (show('conflicts') && (!full || snapshot.waits.length > 0)) sections.push(waitSection(ctx));
  for (const s of sections) lines.push('', ...s);
  lines.push('', footer(snapshot, style));
  // Every line fits, whatever a section did: tables shrink first, this is the backstop.
  return lines
    .join('\n')
    .split('\n')
    .map((l) => truncateToWidth(l, width))
    .join('\n');
}

interface SectionContext {
  snapshot: RunSnapshot;
  style: Style;
  width: number;
  maxRows: number;
}

function header(s: RunSnapshot, style: Style, width: number, emoji: boolean): string[] {
  const title = style.bold(`${emoji ? '📊 ' : ''}PARALLEL EXECUTION DASHBOARD`);
  const elapsed = s.startedAt === undefined ? 0 : (s.endedAt ?? s.now) - s.startedAt;
  const info = `${s.planName} · ${s.runId} · ${paintRunState(s.state, style)} · ${formatElapsed(elapsed)}`;
  const oneLine = `${title}   ${info}`;
  return displayWidth(oneLine) <= width ? [oneLine] : [title, info];
}

function paintRunState(state: RunSnapshot['state'], style: Style): string {
  switch (state) {
    case 'running':
    case 'completed':
      return style.green(state);
    case 'failed':
    case 'crashed':
      return style.red(state);
    case 'pausing':
    case 'paused':
    case 'stopping':
    case 'stopped':
      return style.yellow(state);
    default:
      return state;
  }
}

function summary(s: RunSnapshot, style: Style, emoji: boolean, width: number): string[] {
  const groups: readonly GroupView[] = s.groups;
  const active = groups.filter((g) => g.done < g.total && (g.running > 0 || (g.ready ?? 0) > 0)).length;
  const live = s.agents.filter((a) => a.state !== 'retired');
  const busy = live.filter(isWorking).length;
  const completed = s.counts.completed ?? 0;
  // Floor: 100% only once every ticket completed.
  const rate = s.total > 0 ? Math.floor((completed / s.total) * 100) : 0;
  const conflicts = s.activeConflicts.length;
  // Values in one column, as in the seed, unless that leaves them no room.
  const labelWidth = width >= LABEL_WIDTH + (emoji ? 3 : 0) + 8 ? LABEL_WIDTH : 0;
  const row = (icon: string, label: string, value: string) => `${emoji ? `${icon} ` : ''}${label.padEnd(labelWidth - 1)} ${value}`;
  return [
    row('🎯', 'Active Groups:', `${active}/${groups.length}`),
    row('🔄', 'Running Agents:', `${busy}/${live.length}`),
    row('⚡', 'Completion Rate:', `${rate}%`),
    row('🚨', 'Active Conflicts:', conflicts > 0 ? style.red(String(conflicts)) : '0'),
    row('📈', 'ETA:', runEta(s)),
  ];
}

/** The run's ETA: `done` once finished, `-` when unknown. */
function runEta(s: RunSnapshot): string {
  if (FINISHED.has(s.state)) return 'done';
  if (s.etaMs === undefined || !Number.isFinite(s.etaMs)) return '-';
  return formatDuration(Math.max(0, s.etaMs));
}

function agentSection({ snapshot: s, style, width, maxRows }: SectionContext): string[] {
  const agents = s.agents.filter((a) => a.state !== 'retired');
  const shown = agents.slice(0, maxRows);
  const depsTypes = typesWaitingOnDependencies(s);
  const rows = shown.map((a) => [
    a.id,
    a.type,
    a.ticket ?? '-',
    agentStatus(a),
    isWorking(a) ? `${Math.round(Math.min(1, Math.max(0, a.progress)) * 100)}%` : '-',
    agentEta(a, s.now, depsTypes),
  ]);
  const lines = [style.bold('Agent Status Matrix')];
  if (agents.length === 0) return [...lines, 'no agents'];
  lines.push(
    renderFittedTable(['Agent ID', 'Type', 'Ticket', 'Status', 'Progress', 'ETA'], rows, width, {
      // Narrow: the type, then the progress go before ids and times are cut.
      dropOrder: [1, 4],
      paint: (text, _row, column) => (column === 3 ? paintAgentStatus(text, style) : text),
    }),
  );
  if (agents.length > shown.length) lines.push(style.dim(`… ${agents.length - shown.length} more agents`));
  return lines;
}

/** True while the agent runs a ticket (a retiring agent finishes its ticket first). */
function isWorking(a: SnapshotAgent): boolean {
  return a.state === 'busy' || (a.state === 'retiring' && a.ticket !== undefined);
}

/** The seed's word for an agent's state: a busy agent is `executing`. */
function agentStatus(a: SnapshotAgent): string {
  return a.state === 'busy' ? 'executing' : a.state;
}

function paintAgentStatus(text: string, style: Style): string {
  if (text.startsWith('executing')) return style.cyan(text);
  if (text.startsWith('crashed')) return style.red(text);
  if (text.startsWith('replacing') || text.startsWith('retiring')) return style.yellow(text);
  return text;
}

/**
 * Time left on an agent's ticket; `deps` for an idle agent whose type has work
 * left that waits on dependencies (and none ready); `-` otherwise.
 */
function agentEta(a: SnapshotAgent, now: number, depsTypes: ReadonlySet<string>): string {
  if (isWorking(a)) {
    if (a.etaAt === undefined) return '-';
    return a.etaAt >= now ? formatDuration(a.etaAt - now) : 'overdue';
  }
  if (a.state === 'idle' && depsTypes.has(a.type)) return 'deps';
  return '-';
}

/** Agent types whose next work waits on dependencies: some ticket `waiting`, none `ready`. Needs `snapshot.tickets`. */
function typesWaitingOnDependencies(s: RunSnapshot): Set<string> {
  const waiting = new Set<string>();
  const ready = new Set<string>();
  for (const t of s.tickets ?? []) {
    if (t.state === 'waiting') waiting.add(t.agent);
    else if (t.state === 'ready') ready.add(t.agent);
  }
  for (const type of ready) waiting.delete(type);
  return waiting;
}

function progressSection({ snapshot: s, style, width }: SectionContext): string[] {
  const barWidth = barWidthFor(width);
  const lines = [style.bold('Progress by Priority')];
  for (const p of PRIORITIES) {
    const { total, completed } = s.byPriority[p];
    if (total === 0) continue;
    lines.push(`${p.padEnd(8)} ${renderBar(completed, total, barWidth, style)} ${completed}/${total}`);
  }
  if (lines.length === 1) lines.push('no tickets');
  lines.push(`Velocity: ${s.velocityPerHour.toFixed(1)} tickets/hour`);
  return lines;
}

function resourceSection({ snapshot: s, style, width, maxRows }: SectionContext): string[] {
  const lines = [style.bold('Resources')];
  if (s.resources.length === 0) return [...lines, 'no resources declared'];
  const barWidth = barWidthFor(width);
  const shown = s.resources.slice(0, maxRows);
  const nameWidth = Math.min(16, Math.max(...shown.map((r) => displayWidth(r.name))));
  for (const r of shown) {
    const name = truncateToWidth(r.name, nameWidth);
    const holders = r.holders.length > 0 ? ` held by ${listIds(r.holders)}` : '';
    lines.push(`${name.padEnd(nameWidth)} ${renderBar(r.inUse, r.capacity, barWidth, style)} ${r.inUse}/${r.capacity}${holders}`);
  }
  if (s.resources.length > shown.length) lines.push(style.dim(`… ${s.resources.length - shown.length} more resources`));
  return lines;
}

function conflictSection({ snapshot: s, style, maxRows }: SectionContext): string[] {
  const lines = [style.bold('Active Conflicts')];
  const conflicts: readonly ConflictView[] = s.activeConflicts;
  if (conflicts.length === 0) return [...lines, 'none'];
  const shown = conflicts.slice(0, maxRows);
  for (const c of shown) lines.push(`${c.waiting} waits for ${c.running}${c.kind ? ` (${c.kind})` : ''}`);
  if (conflicts.length > shown.length) lines.push(style.dim(`… ${conflicts.length - shown.length} more conflicts`));
  return lines;
}

function waitSection({ snapshot: s, style, width, maxRows }: SectionContext): string[] {
  const lines = [style.bold('Waiting Tickets')];
  if (s.waits.length === 0) return [...lines, 'none'];
  const shown = s.waits.slice(0, maxRows);
  lines.push(renderFittedTable(['Ticket', 'State', 'Why'], shown.map((w) => [w.ticket, w.state, w.text]), width, { dropOrder: [1] }));
  // `waits` holds only the first few: the counts say how many wait in all.
  let pending = 0;
  for (const state of PENDING) pending += s.counts[state] ?? 0;
  const more = Math.max(pending, s.waits.length) - shown.length;
  if (more > 0) lines.push(style.dim(`… ${more} more waiting`));
  return lines;
}

/** `Tickets: 16 · 9 completed · 3 executing · 1 failed`, in the order of a ticket's life. */
function footer(s: RunSnapshot, style: Style): string {
  const parts = [`Tickets: ${s.total}`];
  for (const state of TICKET_STATES) {
    const n = s.counts[state] ?? 0;
    if (n === 0) continue;
    const text = `${n} ${state}`;
    parts.push(state === 'completed' ? style.green(text) : state === 'failed' || state === 'blocked' ? style.red(text) : text);
  }
  return parts.join(' · ');
}

function barWidthFor(width: number): number {
  return Math.max(4, Math.min(20, width - 30));
}

function listIds(ids: readonly string[]): string {
  return ids.length > 3 ? `${ids.slice(0, 3).join(', ')} +${ids.length - 3}` : ids.join(', ');
}
