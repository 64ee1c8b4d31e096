// A stand-in browser for the benchmarks: reads a dashboard's event stream
// (/api/stream) in its own process, as a page would, and counts what arrives.
// Reads a dashboard URL per line from stdin (one stream each); prints
// "connected" once a stream's first message is in, then (on stdin end)
// { messages, bytes } of all of them.
import { request } from 'node:http';

let messages = 0;
let bytes = 0;

function message(text, stream) {
  if (text.startsWith(':')) return; // a comment: the keep-alive
  if (stream.messages++ === 0) process.stdout.write('connected\n');
  messages++;
  // A page parses every message.
  const data = text.split('\n').filter((l) => l.startsWith('data:')).map((l) => l.slice(5)).join('\n');
  if (data) JSON.parse(data);
}
process.stdin.setEncoding('utf8');
let input = '';
process.stdin.on('data', (chunk) => {
  input += chunk;
  for (let nl = input.indexOf('\n'); nl >= 0; nl = input.indexOf('\n')) {
    openStream(input.slice(0, nl));
    input = input.slice(nl + 1);
  }
});

function openStream(line) {
  const url = new URL(line);
  const token = url.searchParams.get('token');
  const req = request(new URL('/api/stream', url), { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' } }, (res) => {
    res.setEncoding('utf8');
    // Like a browser's EventSource: each chunk is scanned once for the blank
    // line that ends a message (searching the whole buffer again on every
    // chunk would make a 4 MB first message quadratic).
    let pending = [];
    let tail = '';
    const stream = { messages: 0 };
    res.on('data', (chunk) => {
      bytes += Buffer.byteLength(chunk);
      const text = tail + chunk;
      let start = 0;
      for (let end = text.indexOf('\n\n'); end >= 0; end = text.indexOf('\n\n', start)) {
        pending.push(text.slice(start, end));
        message(pending.join(''), stream);
        pending = [];
        start = end + 2;
      }
      // Keep one character back: a message's "\n\n" may straddle two chunks.
      const rest = text.slice(start);
      if (rest.length > 1) {
        pending.push(rest.slice(0, -1));
        tail = rest.slice(-1);
      } else tail = rest;
    });
  });
  req.on('error', (err) => process.stderr.write(`dashboard client: ${err.message}\n`));
  req.end();
}
process.stdin.on('end', () => {
  process.stdout.write(`${JSON.stringify({ messages, bytes })}\n`);
  process.exit(0);
});
