import type { LeaseHolder } from './decideTakeover.js';

/**
 * One line on who owns a run, for the engine that may not touch it:
 * `refused` when it asked to take the run, `lost` when the run was taken from it.
 */
export function describeHolder(runId: string, holder: LeaseHolder | undefined, now: number, as: 'refused' | 'lost'): string {
  const who = holder ? `process ${holder.pid} on ${holder.host} (since ${new Date(holder.acquiredAt).toISOString()})` : 'another engine';
  if (as === 'lost') return `run ${runId} was taken over by ${who} while this engine ran it: this engine stopped its work and wrote nothing more`;
  const renewed = holder ? `, last heard of ${Math.max(0, Math.round((now - holder.renewedAt) / 1000))} s ago` : '';
  return `run ${runId} is owned by ${who}${renewed}: it is running or being resumed there (\`tpe status ${runId}\` shows it; a stopped or hung owner must be ended before another may continue the run)`;
}
