/**
 * The body of `POST /api/control`, checked: only what the page's buttons
 * may ask for (pause, resume, stop), with their flags and nothing else.
 * Adjustments stay with the CLI, which shows what they change.
 */
import type { WebControlRequest } from './DashboardSource.js';

/** A control request is a few bytes; anything larger is not one. */
export const MAX_CONTROL_BYTES = 1024;

export type ParsedControl = { ok: true; request: WebControlRequest } | { ok: false; error: string };

export function parseControlRequest(body: string): ParsedControl {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { ok: false, error: 'the body is not JSON' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, error: 'expected a JSON object' };
  const { op, force, wait, ...rest } = raw as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) return { ok: false, error: `unexpected field ${extra.map((k) => JSON.stringify(k)).join(', ')}` };
  const flag = (name: string, value: unknown): string | undefined => (value === undefined || typeof value === 'boolean' ? undefined : `${name}: expected true or false`);
  switch (op) {
    case 'pause': {
      if (force !== undefined) return { ok: false, error: 'force applies to stop only' };
      const bad = flag('wait', wait);
      if (bad) return { ok: false, error: bad };
      return { ok: true, request: wait === undefined ? { op } : { op, wait: wait as boolean } };
    }
    case 'resume':
      if (force !== undefined || wait !== undefined) return { ok: false, error: 'resume takes no options' };
      return { ok: true, request: { op } };
    case 'stop': {
      if (wait !== undefined) return { ok: false, error: 'wait applies to pause only' };
      const bad = flag('force', force);
      if (bad) return { ok: false, error: bad };
      return { ok: true, request: force === undefined ? { op } : { op, force: force as boolean } };
    }
    default:
      return { ok: false, error: 'op: expected "pause", "resume" or "stop"' };
  }
}
