/**
 * A short human phrase for why a signal was aborted, or `undefined` when the reason says
 * nothing more than "aborted" (the default `AbortError` DOMException).
 */
export function describeAbortReason(reason: unknown): string | undefined {
  if (typeof reason === 'string') return reason === '' ? undefined : reason;
  if (reason instanceof Error) {
    return reason.name === 'AbortError' || reason.message === '' ? undefined : reason.message;
  }
  return undefined;
}
