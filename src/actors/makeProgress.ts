import type { ExecutionContext } from './types.js';

/**
 * Wraps the caller's progress callback for the work: fractions are clamped to [0, 1],
 * non-finite ones dropped, and a throwing callback is contained. A throw there has nowhere
 * sensible to go: in a port's message handler it would crash the engine, and in a function
 * agent it would fail the ticket for a reporter's bug.
 */
export function makeProgress(report: ExecutionContext['progress']): (fraction: number, message?: string) => void {
  return (fraction, message) => {
    if (report === undefined || typeof fraction !== 'number' || !Number.isFinite(fraction)) return;
    try {
      report(Math.min(1, Math.max(0, fraction)), typeof message === 'string' ? message : undefined);
    } catch {
      // Contained on purpose, see above.
    }
  };
}
