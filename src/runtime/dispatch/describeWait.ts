/** A wait reason in words: "waits for SYS-014, SYS-015", "database held by MOD-012". */
import { formatDuration } from '../../plan/formatDuration.js';
import type { WaitReason } from './waitReason.js';

export function describeWait(reason: WaitReason, idOf: (index: number) => string, now: number): string {
  const list = (xs: readonly number[]) => (xs.length > 3 ? `${xs.slice(0, 3).map(idOf).join(', ')} +${xs.length - 3}` : xs.map(idOf).join(', '));
  switch (reason.kind) {
    case 'dependency':
      return `waits for ${list(reason.on)}`;
    case 'agent':
      return `no idle ${reason.agentType} agent`;
    case 'resource':
      return `${reason.resource} ${reason.free}/${reason.needed} free${reason.heldBy.length ? `, held by ${list(reason.heldBy)}` : ''}`;
    case 'conflict':
      return `conflicts with running ${idOf(reason.with)}`;
    case 'isolation':
      return reason.with.length ? `isolation: ${list(reason.with)}` : 'isolated: waits for running tickets to finish';
    case 'reserved':
      return `${reason.resource} reserved for ${idOf(reason.for)}`;
    case 'concurrency':
      return `concurrency limit ${reason.limit}`;
    case 'held':
      return 'on hold';
    case 'backoff':
      return `retry in ${formatDuration(Math.max(0, reason.until - now))}`;
    case 'paused':
      return 'run paused';
  }
}
