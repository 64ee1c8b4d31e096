/**
 * Shows a run on the terminal. On a TTY: a live block (progress, agent
 * matrix, why tickets wait) redrawn in place, with event lines scrolling
 * above it. On a pipe, or with NO_COLOR/--no-live: one line per event.
 */
import type { Engine } from '../runtime/createEngine.js';
import type { EngineEvent } from '../runtime/events.js';
import type { OutStream } from './io.js';
import { renderDashboard } from './render/renderDashboard.js';
import { renderProgressLine, type ProgressLineState } from './render/renderProgressLine.js';
import { visibleLength, type Style } from './render/style.js';

export type ReporterMode = 'live' | 'lines' | 'quiet';

/** Above this many tickets the live view prints only failures, not every start and completion. */
const CHATTY_LIMIT = 200;

export interface TerminalReporter {
  stop(): void;
}

export function startTerminalReporter(engine: Engine, out: OutStream, style: Style, mode: ReporterMode): TerminalReporter {
  const retries = new Map(engine.plan.tickets.map((t) => [t.id, t.retries]));
  const lineState: ProgressLineState = { startedAt: 0, attemptStart: new Map(), retries: (id) => retries.get(id) ?? 0 };
  const chatty = mode === 'lines' || engine.plan.tickets.length <= CHATTY_LIMIT;
  const pending: string[] = [];
  let blockRows = 0;

  const important = (e: EngineEvent) =>
    e.type === 'ticket.transition' && (e.to === 'failed' || e.to === 'retrying' || e.to === 'blocked' || e.to === 'rollingBack');

  const off = engine.on((event) => {
    if (event.type === 'run.started') lineState.startedAt = event.at;
    if (event.type === 'ticket.transition' && event.to === 'executing') lineState.attemptStart.set(event.ticket, event.at);
    if (mode === 'quiet' && !important(event)) return;
    if (!chatty && !important(event) && event.type !== 'run.state') return;
    const line = renderProgressLine(event, lineState, style);
    if (line === undefined) return;
    if (mode === 'live') pending.push(line);
    else out.write(`${line}\n`);
  });

  const paint = (withBlock: boolean) => {
    let text = '';
    // Move to the start of the previous block and clear everything below.
    if (blockRows > 0) text += `\x1b[${blockRows}F\x1b[0J`;
    for (const line of pending) text += `${line}\n`;
    pending.length = 0;
    blockRows = 0;
    if (withBlock) {
      const width = out.columns !== undefined && out.columns > 0 ? out.columns : 100;
      // Every ticket only for small plans: the dashboard uses them for `deps` hints, not worth O(n) per paint at scale.
      const snapshot = engine.snapshot({ tickets: engine.plan.tickets.length <= 2000, waitLimit: 6 });
      const block = renderDashboard(snapshot, { style, width, maxRows: 8 });
      for (const row of block.split('\n')) blockRows += Math.max(1, Math.ceil(visibleLength(row) / width));
      text += `${block}\n`;
    }
    out.write(text);
  };

  let timer: NodeJS.Timeout | undefined;
  if (mode === 'live') {
    timer = setInterval(() => paint(true), 200);
    timer.unref();
  }
  return {
    stop() {
      off();
      if (timer) clearInterval(timer);
      if (mode === 'live') paint(false);
    },
  };
}
