// Plain JavaScript because the piscina worker entry imports it, and worker threads on
// Node 20 cannot load TypeScript; the function executor imports the same file, so a
// ticket's error reads the same whichever thread it was thrown in. Types: describeThrown.d.mts.

/**
 * Turns whatever a ticket's work threw into error data that can cross a thread:
 * `{ code, message, retryable, stack? }`. Classes do not survive `postMessage`, so a
 * "do not retry" error is recognised by `name === 'NonRetryableError'` or
 * `retryable === false`, never by `instanceof`.
 *
 * @param {unknown} thrown what was thrown (or rejected with)
 * @param {string} subject who threw, for the message: `worker module /x/compute.mjs`
 */
export function describeThrown(thrown, subject) {
  const object = typeof thrown === 'object' && thrown !== null ? thrown : undefined;
  const nonRetryable = object !== undefined && (object.retryable === false || object.name === 'NonRetryableError');
  const stack = object !== undefined && typeof object.stack === 'string' ? { stack: object.stack } : {};
  const text = describeValue(thrown);
  return nonRetryable
    ? { code: 'NON_RETRYABLE', message: `${subject} failed and must not be retried: ${text}`, retryable: false, ...stack }
    : { code: 'WORKER_ERROR', message: `${subject} threw: ${text}`, retryable: true, ...stack };
}

/** `TypeError: x is undefined [E_CODE]`; the name is left out when it is plain `Error`. */
function describeValue(thrown) {
  if (typeof thrown === 'object' && thrown !== null && typeof thrown.message === 'string') {
    const name = typeof thrown.name === 'string' && thrown.name !== 'Error' ? `${thrown.name}: ` : '';
    const code = typeof thrown.code === 'string' || typeof thrown.code === 'number' ? ` [${thrown.code}]` : '';
    return `${name}${thrown.message}${code}`;
  }
  try {
    return typeof thrown === 'string' ? thrown : String(thrown);
  } catch {
    // Objects without a prototype, or with a throwing toString.
    return Object.prototype.toString.call(thrown);
  }
}
