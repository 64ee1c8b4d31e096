/**
 * One line per notable event, for a pipe or a log (and above the live view
 * on a TTY). Pure: the reporter keeps the little state it needs (when each
 * attempt started) and passes it in.
 */
import { formatDuration } from '../../plan/index.js';
import type { EngineEvent } from '../../runtime/events.js';
import { formatClock } from './formatClock.js';
import type { Style } from './style.js';

export interface ProgressLineState {
  /** Engine-clock time the run started. */
  startedAt: number;
  /** When each ticket's current attempt started executing. */
  attemptStart: Map<string, number>;
  /** Retries allowed per ticket, for "retry 2/3". */
  retries: (ticket: string) => number;
}

export function renderProgressLine(event: EngineEvent, state: ProgressLineState, style: Style): string | undefined {
  const at = style.dim(`[${formatClock(event.at - state.startedAt)}]`);
  switch (event.type) {
    case 'ticket.transition': {
      const id = style.bold(event.ticket);
      const took = () => {
        const t0 = state.attemptStart.get(event.ticket);
        return t0 === undefined ? '' : ` in ${formatDuration(event.at - t0)}`;
      };
      switch (event.to) {
        case 'executing':
          state.attemptStart.set(event.ticket, event.at);
          return `${at} ${style.cyan('▶')} ${id} started on ${event.agentId ?? '?'}${event.attempt > 1 ? ` (attempt ${event.attempt})` : ''}`;
        case 'validating':
          return `${at} ${style.cyan('…')} ${id} validating`;
        case 'completed':
          return event.from === 'waiting' ? undefined : `${at} ${style.green('✔')} ${id} completed${took()}`;
        case 'retrying':
          return `${at} ${style.yellow('↻')} ${id} attempt ${event.attempt} failed: ${event.error?.message ?? 'unknown error'}; retrying (${event.attempt}/${state.retries(event.ticket) + 1} used)`;
        case 'rollingBack':
          return `${at} ${style.yellow('↺')} ${id} failed: ${event.error?.message ?? 'unknown error'}; rolling back`;
        case 'failed':
          return `${at} ${style.red('✖')} ${id} failed${event.error ? `: ${event.error.message}` : ''}${took()}`;
        case 'blocked':
          return `${at} ${style.red('⊘')} ${id} blocked: dependency ${event.reason ?? '?'} did not complete`;
        case 'cancelled':
          return `${at} ${style.yellow('⊘')} ${id} cancelled${event.reason ? `: ${event.reason}` : ''}`;
        case 'interrupted':
          return `${at} ${style.yellow('■')} ${id} interrupted`;
        case 'held':
          return `${at} ${style.yellow('⏸')} ${id} on hold`;
        default:
          return undefined;
      }
    }
    case 'run.extended':
      return `${at} ${style.bold(`+ ${event.tickets.length} ticket(s) added`)}: ${event.tickets.slice(0, 8).join(', ')}${event.tickets.length > 8 ? ', …' : ''}`;
    case 'run.state':
      if (event.to === 'pausing' || event.to === 'paused' || event.to === 'stopping' || (event.to === 'running' && event.from === 'paused')) {
        return `${at} ${style.bold(`run ${event.to}`)}`;
      }
      return undefined;
    default:
      return undefined;
  }
}
