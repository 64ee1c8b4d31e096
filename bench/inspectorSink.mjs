// A stand-in inspector for the benchmarks: a WebSocket server on 127.0.0.1 in
// its own process that counts the frames it receives. Prints its port, then
// (on SIGTERM or stdin end) { frames, bytes }.
import { WebSocketServer } from 'ws';

let frames = 0;
let bytes = 0;
const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
server.on('connection', (socket) => {
  socket.on('message', (data) => {
    frames++;
    bytes += data.length;
  });
});
server.on('listening', () => process.stdout.write(`${server.address().port}\n`));
const report = () => {
  process.stdout.write(`${JSON.stringify({ frames, bytes })}\n`);
  process.exit(0);
};
process.on('SIGTERM', report);
process.stdin.on('end', report);
process.stdin.resume();
