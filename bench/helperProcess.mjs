// A helper of a benchmark in its own process (a stand-in inspector or
// browser), so that what it does costs the measured process nothing: lines
// in on its stdin, lines out from its stdout, its report when stdin ends.
import { spawn } from 'node:child_process';
import { join } from 'node:path';

export function startHelperProcess(script) {
  const child = spawn(process.execPath, [join(import.meta.dirname, script)], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdout.setEncoding('utf8');
  const lines = [];
  let buffered = '';
  let waiting;
  child.stdout.on('data', (chunk) => {
    buffered += chunk;
    for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, nl));
      buffered = buffered.slice(nl + 1);
      waiting?.();
    }
  });
  const nextLine = async () => {
    while (lines.length === 0) await new Promise((resolve) => (waiting = resolve));
    return lines.shift();
  };
  return {
    nextLine,
    send: (line) => child.stdin.write(`${line}\n`),
    /** Ends its stdin; resolves to the JSON report it prints then. */
    async stop() {
      child.stdin.end();
      return JSON.parse(await nextLine());
    },
  };
}

/** bench/inspectorSink.mjs, started: a WebSocket inspector on 127.0.0.1 that counts frames. */
export async function startInspectorSink() {
  const sink = startHelperProcess('inspectorSink.mjs');
  const port = Number(await sink.nextLine());
  return { url: `ws://127.0.0.1:${port}`, stop: sink.stop };
}
