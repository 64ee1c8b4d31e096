/**
 * The live web dashboard (`tpe run --ui`, `tpe monitor --web`): an HTTP
 * server on the loopback interface, a random port and a random token, that
 * serves the page (assets/) and its API over any DashboardSource.
 *
 * Routes (every one needs the token; see authorizeRequest.ts):
 *   GET  /                        the page (a valid `?token=` also sets the cookie)
 *   GET  /assets/<file>           the page's script, style sheet and icon
 *   GET  /api/info                the plan (planInfo.ts)
 *   GET  /api/dag.svg             the plan's DAG; 413 for a plan too large to lay out
 *   GET  /api/machines/ticket.svg the ticket statechart
 *   GET  /api/stream              server-sent events: hello, frame, end (streamMessages.ts)
 *   GET  /api/tickets/<id>        one ticket (ticketDetail.ts)
 *   POST /api/control             {op: pause|resume|stop, force?, wait?}
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TpeError } from '../../errors.js';
import { authorizeRequest, tokenCookie, type AuthPolicy } from './authorizeRequest.js';
import { DashboardFeed } from './DashboardFeed.js';
import type { DashboardSource } from './DashboardSource.js';
import { MAX_CONTROL_BYTES, parseControlRequest } from './parseControlRequest.js';
import { PlanPictures } from './PlanPictures.js';
import { planInfo } from './planInfo.js';
import { SECURITY_HEADERS } from './securityHeaders.js';
import { readAsset } from './staticAssets.js';
import { ticketDetail } from './ticketDetail.js';

export interface DashboardServerOptions {
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0: a free port */
  port?: number;
  /** @default 24 random bytes, base64url */
  token?: string;
}

export interface DashboardServer {
  /** What to open: `http://127.0.0.1:PORT/?token=T`. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Ends the streams, closes the server and stops following the run (the source stays open: its owner closes it). */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const SVG_TYPE = 'image/svg+xml; charset=utf-8';

export async function startDashboardServer(source: DashboardSource, options: DashboardServerOptions = {}): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? randomBytes(24).toString('base64url');
  const feed = await DashboardFeed.open(source);
  const pictures = new PlanPictures();
  let info: { plan: unknown; version: number; json: string } | undefined;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  // Browsers keep connections open; these must not hold `close()` up.
  server.keepAliveTimeout = 5_000;

  // Filled in once the port is known (no request arrives before).
  const policy: AuthPolicy = { token, port: 0, hostnames: [] };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const decision = authorizeRequest(
      {
        method: req.method ?? 'GET',
        host: req.headers.host,
        origin: req.headers.origin,
        contentType: req.headers['content-type'],
        queryToken: url.searchParams.get('token') ?? undefined,
        cookie: req.headers.cookie,
        authorization: req.headers.authorization,
      },
      policy,
    );
    if (!decision.ok) {
      sendJson(res, decision.status, { error: decision.reason });
      return;
    }
    const path = url.pathname;
    if (req.method === 'POST') {
      if (path === '/api/control') return control(req, res);
      return sendJson(res, 405, { error: `${path} does not take POST` });
    }
    if (req.method !== 'GET') return sendJson(res, 405, { error: `method ${req.method ?? ''} not allowed` });

    if (path === '/' || path === '/index.html') {
      const asset = await readAsset('index.html');
      if (!asset) return sendJson(res, 500, { error: 'the dashboard page is missing from this installation' });
      // The printed URL carries the token once; the page's own requests (the
      // script, the stream) then go with the cookie.
      return send(res, 200, asset.type, asset.body, decision.via === 'query' ? { 'Set-Cookie': tokenCookie(token) } : {});
    }
    if (path.startsWith('/assets/')) {
      const asset = await readAsset(path.slice('/assets/'.length));
      return asset ? send(res, 200, asset.type, asset.body) : sendJson(res, 404, { error: 'no such asset' });
    }
    if (path === '/api/info') return sendInfo(res);
    if (path === '/api/dag.svg') {
      const plan = source.plan();
      const dag = await pictures.dagSvg(plan, () => feed.analysis(plan));
      if ('tooLarge' in dag) return sendJson(res, 413, { error: `${dag.tooLarge} tickets are too many to lay out; the page draws a grid`, tickets: dag.tooLarge });
      return send(res, 200, SVG_TYPE, dag.svg);
    }
    if (path === '/api/machines/ticket.svg') return send(res, 200, SVG_TYPE, await pictures.ticketMachineSvg());
    if (path === '/api/stream') return stream(req, res);
    if (path.startsWith('/api/tickets/')) {
      const id = decodePathPart(path.slice('/api/tickets/'.length));
      return id === undefined ? sendJson(res, 400, { error: 'malformed ticket id' }) : ticket(res, id);
    }
    return sendJson(res, 404, { error: `nothing at ${path}` });
  }

  function sendInfo(res: ServerResponse): void {
    const plan = source.plan();
    // Serialized once per plan: a 10,000-ticket plan is a megabyte of JSON.
    if (info?.plan !== plan || info.version !== feed.planVersion) {
      info = { plan, version: feed.planVersion, json: JSON.stringify(planInfo(source.runId, feed.planVersion, plan, feed.analysis(plan))) };
    }
    send(res, 200, JSON_TYPE, info.json);
  }

  async function ticket(res: ServerResponse, id: string): Promise<void> {
    const plan = source.plan();
    const t = plan.tickets.find((x) => x.id === id);
    if (!t) return sendJson(res, 404, { error: `no ticket ${id}` });
    const live = feed.board.tickets.get(id);
    const [history, wait] = await Promise.all([source.history(id), feed.waitOf(id)]);
    sendJson(res, 200, ticketDetail({ plan, ticket: t, live, liveSteps: feed.board.stepsOf(id), history, wait, logFile: feed.logFile(id) }));
  }

  async function stream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream; charset=utf-8', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    // Frames are small and should leave at once.
    req.socket.setNoDelay(true);
    await feed.addClient(res);
  }

  async function control(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req, MAX_CONTROL_BYTES);
    if (body === undefined) return sendJson(res, 413, { error: `a control request is at most ${MAX_CONTROL_BYTES} bytes` });
    const parsed = parseControlRequest(body);
    if (!parsed.ok) return sendJson(res, 400, { error: parsed.error });
    try {
      const result = await source.control(parsed.request);
      sendJson(res, 200, { ok: true, op: parsed.request.op, result });
    } catch (err) {
      // A refusal (resume of a run that is not paused, a finished run) is the
      // user's to read, not a server fault.
      const code = err instanceof TpeError ? err.code : 'FAILED';
      sendJson(res, 409, { error: err instanceof Error ? err.message : String(err), code });
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  }).catch((err: unknown) => {
    feed.close();
    throw err;
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  policy.port = port;
  policy.hostnames = [...new Set(['127.0.0.1', 'localhost', urlHost])];

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close() {
      closing ??= new Promise<void>((resolve) => {
        feed.close();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, JSON_TYPE, JSON.stringify(value));
}

function decodePathPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

/** The request body as text, or undefined when it is longer than `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
