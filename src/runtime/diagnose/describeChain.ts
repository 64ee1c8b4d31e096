/**
 * A diagnosis's critical chain and wait causes in words, shared by `tpe
 * diagnose` (src/cli/render/renderDiagnosis.ts) and the run report
 * (src/runtime/report), so the two say the same thing the same way.
 */
import { formatDuration } from '../../plan/formatDuration.js';
import type { ChainSegment, WaitCause } from './diagnosisTypes.js';

/** `A 10m → B [database held by A] 5m`: the chain in one line, a ticket's consecutive segments together. */
export function chainPath(segments: readonly ChainSegment[]): string {
  const parts: string[] = [];
  let current: { ticket: string; ms: number; on: string[] } | undefined;
  const flush = () => current && parts.push(`${current.ticket}${current.on.length ? ` [${current.on.join('; ')}]` : ''} ${formatDuration(current.ms)}`);
  for (const s of segments) {
    if (!current || current.ticket !== s.ticket) {
      flush();
      current = { ticket: s.ticket, ms: 0, on: [] };
    }
    current.ms += s.to - s.from;
    if (s.on) current.on.push(s.on);
  }
  flush();
  return parts.join(' → ');
}

/** `agent 3s, resource 1s`: time waited by cause, largest first, causes with none left out. */
export function describeWaitCauses(byCause: Partial<Record<WaitCause, number>>): string {
  return (Object.entries(byCause) as Array<[WaitCause, number]>)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([cause, n]) => `${cause} ${formatDuration(n)}`)
    .join(', ');
}
