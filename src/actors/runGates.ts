import type { GateSpec } from '../plan/types.js';
import type { ExecutionContext, ExecutionResult, Executor, ProcessJob } from './types.js';

/**
 * Runs a ticket's validation gates in order after its work succeeded, and stops at the first
 * that fails. A failure becomes `GATE_FAILED` with a message naming the gate
 * (`gate "npm test -- db" exited with code 1 (see …)`), keeping the gate's exit code and
 * signal. It stays retryable unless the gate's own failure was not (`NON_RETRYABLE` exit
 * code, command not found). A stop (`ABORTED`) is passed through as such, because it says
 * nothing about the work. `durationMs` is the sum over the gates that ran.
 *
 * @param makeJob builds the process job of a gate (cwd, env, log file, timeouts come from the ticket)
 * @example
 * const result = await runGates(ticket.validate, (gate, i) => gateJob(ticket, gate, i), executor, ctx);
 */
export async function runGates(
  gates: readonly GateSpec[],
  makeJob: (gate: GateSpec, index: number) => ProcessJob,
  executor: Executor,
  ctx: ExecutionContext,
): Promise<ExecutionResult> {
  let durationMs = 0;
  for (const [index, gate] of gates.entries()) {
    if (ctx.signal.aborted) {
      const message = `aborted before gate "${gate.name}"`;
      return { ok: false, error: { code: 'ABORTED', message, retryable: true }, durationMs };
    }
    const result = await executor.run(makeJob(gate, index), ctx);
    durationMs += result.durationMs;
    if (!result.ok) {
      const { error, ...status } = result;
      // Executor messages start with "command …" or a verb ("timed out after 5s"): name the gate instead.
      const subject = `gate "${gate.name}"`;
      const message = error.message.startsWith('command ')
        ? `${subject} ${error.message.slice('command '.length)}`
        : `${subject} ${error.message}`;
      const code = error.code === 'ABORTED' ? 'ABORTED' : 'GATE_FAILED';
      return { ...status, ok: false, error: { ...error, code, message }, durationMs };
    }
  }
  return { ok: true, durationMs };
}
