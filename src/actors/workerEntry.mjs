// The piscina worker entry: plain JavaScript, because worker threads on Node 20 cannot load
// TypeScript (the build copies this file next to the compiled createWorkerExecutor.js).
// Protocol types: workerProtocol.ts. This file never throws for a ticket's failure: every
// outcome is returned as data, since errors lose their fields on the way to the engine.
import { pathToFileURL } from 'node:url';
import { serialize } from 'node:v8';
import { MessageChannel, parentPort } from 'node:worker_threads';
import { describeThrown } from './describeThrown.mjs';

/** Loaded work functions by module path: a module is imported once per thread. */
const loaded = new Map();

/**
 * Imports the module and picks its work function: the default export, else a named `run`.
 * Resolves to `{ fn }` or `{ error }` (data, for the reply).
 */
async function load(module) {
  let entry = loaded.get(module);
  if (entry === undefined) {
    entry = import(pathToFileURL(module).href).then(
      (namespace) => {
        const fn = typeof namespace.default === 'function' ? namespace.default : namespace.run;
        if (typeof fn === 'function') return { fn };
        return {
          error: {
            code: 'SPAWN_FAILED',
            message: `worker module ${module} exports no function (expected a default export or a named "run")`,
            retryable: false,
          },
        };
      },
      (thrown) => {
        // A missing file or a syntax error will not fix itself; anything else the module threw
        // while loading is judged like a throw from the work itself.
        const code = thrown?.code;
        if (code === 'ERR_MODULE_NOT_FOUND' || thrown?.name === 'SyntaxError') {
          return {
            error: { code: 'SPAWN_FAILED', message: `cannot load worker module ${module}: ${thrown.message}`, retryable: false },
          };
        }
        return { error: describeThrown(thrown, `worker module ${module} (while loading)`) };
      },
    );
    loaded.set(module, entry);
  }
  return entry;
}

/**
 * This thread's progress reports go out on one port for all its tasks. The other end goes
 * to the engine now, while piscina loads this module, before piscina's "ready": the engine
 * has it long before this thread's first reply (were it not so, the reports of that one
 * task would be dropped as late).
 */
const progressOut = (() => {
  if (parentPort === null) return undefined;
  const { port1, port2 } = new MessageChannel();
  parentPort.postMessage({ tpeProgressPort: port2 }, [port2]);
  return port1;
})();

/** Runs one task: `fn(input, ticket, { progress })`, awaited; a wake task does nothing. */
export default async function runTask({ module, input, ticket, taskId, wake }) {
  if (wake === true) return { ok: true };
  const progress = (fraction, message) => {
    if (typeof fraction !== 'number' || !Number.isFinite(fraction)) return;
    const clamped = Math.min(1, Math.max(0, fraction));
    progressOut?.postMessage(typeof message === 'string' ? { taskId, fraction: clamped, message } : { taskId, fraction: clamped });
  };
  const { fn, error } = await load(module);
  if (error !== undefined) return { ok: false, error };
  let output;
  try {
    output = await fn(input, ticket, { progress });
  } catch (thrown) {
    return { ok: false, error: describeThrown(thrown, `worker module ${module}`) };
  }
  // Primitives always clone; anything else is serialized here, where a failure can still be
  // reported (piscina crashes the thread when its reply cannot be posted).
  if (output === null || (typeof output !== 'object' && typeof output !== 'function' && typeof output !== 'symbol')) {
    return { ok: true, output };
  }
  try {
    return { ok: true, serialized: serialize(output) };
  } catch (thrown) {
    return {
      ok: false,
      error: {
        code: 'WORKER_ERROR',
        message:
          `worker module ${module} returned a value that cannot be sent to the engine ` +
          `(it must be structured-cloneable: plain data, no functions or symbols): ${thrown?.message ?? thrown}`,
        retryable: false,
      },
    };
  }
}
