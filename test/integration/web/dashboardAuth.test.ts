/**
 * The dashboard controls a run, so only someone shown its token may use it:
 * no token is 401, a wrong one 403, and so are a foreign Host (DNS
 * rebinding), a cross-origin or non-JSON POST and any path outside the
 * asset list. With the token, the page loads and leaves a cookie for its own
 * requests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compilePlan } from '../../../src/plan/index.js';
import { createEngine, type Engine } from '../../../src/runtime/createEngine.js';
import { engineDashboardSource } from '../../../src/runtime/web/engineDashboardSource.js';
import { startDashboardServer, type DashboardServer } from '../../../src/runtime/web/startDashboardServer.js';

const work = mkdtempSync(join(tmpdir(), 'tpe-web-auth-'));
let engine: Engine;
let server: DashboardServer;

beforeAll(async () => {
  const loaded = compilePlan({ name: 'guarded', agents: { shell: { count: 1 } }, tickets: [{ id: 'A', run: ['true'] }] }, { file: join(work, 'plan.yaml'), baseDir: work });
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
  engine = createEngine(loaded.value, { workspace: work });
  server = await startDashboardServer(engineDashboardSource(engine));
});

afterAll(async () => {
  await server.close();
  await engine.start(); // one `true`: leaves no executor behind
  rmSync(work, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A raw request: fetch would not let a test choose the Host header. */
function call(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: `127.0.0.1:${server.port}`, ...options.headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = () => ({ authorization: `Bearer ${server.token}` });

describe('dashboard access', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('refuses a request without a token (401) and with a wrong one (403)', async () => {
    expect((await call('/')).status).toBe(401);
    expect((await call('/api/info')).status).toBe(401);
    expect((await call('/api/stream')).status).toBe(401);
    expect((await call('/?token=not-the-token')).status).toBe(403);
    expect((await call('/api/info', { headers: { authorization: 'Bearer not-the-token' } })).status).toBe(403);
    expect((await call('/api/info', { headers: { cookie: 'tpe_token=not-the-token' } })).status).toBe(403);
    const refused = await call('/api/info');
    expect(refused.body).not.toContain('guarded');
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const foreign = await call(`/?token=${server.token}`, { headers: { host: `attacker.example:${server.port}` } });
    expect(foreign.status).toBe(403);
    expect((await call('/api/info', { headers: { ...bearer(), host: '127.0.0.1:1' } })).status).toBe(403);
    expect((await call('/api/info', { headers: { ...bearer(), host: `localhost:${server.port}` } })).status).toBe(200);
  });

  it('serves the page with the token, sets an HttpOnly SameSite cookie and strict security headers', async () => {
    const page = await call(`/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('id="run-state"');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`tpe_token=${server.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');

    // The cookie alone then opens the API.
    const info = await call('/api/info', { headers: { cookie: `tpe_token=${server.token}` } });
    expect(info.status).toBe(200);
    expect(JSON.parse(info.body)).toMatchObject({ planName: 'guarded', runId: engine.runId, tickets: [{ id: 'A' }] });
  });

  it('serves only the listed assets: no path reaches another file', async () => {
    expect((await call('/assets/dashboard.js', { headers: bearer() })).status).toBe(200);
    for (const path of ['/assets/../startDashboardServer.ts', '/assets/..%2FstartDashboardServer.ts', '/assets/%2e%2e/DashboardSource.ts', '/assets/..%2f..%2f..%2fpackage.json', '/assets/', '/assets/index.html%00.js', '/assets/.%2Fdashboard.js']) {
      const res = await call(path, { headers: bearer() });
      expect(res.status, path).toBe(404);
      expect(res.body, path).not.toContain('import');
    }
  });

  it('takes control requests only as same-origin JSON', async () => {
    const post = (headers: Record<string, string>, body = '{"op":"resume"}') => call('/api/control', { method: 'POST', headers: { ...bearer(), ...headers }, body });
    expect((await post({ 'content-type': 'text/plain' })).status).toBe(415);
    expect((await post({ 'content-type': 'application/x-www-form-urlencoded' }, 'op=stop')).status).toBe(415);
    expect((await post({})).status).toBe(415);
    expect((await post({ 'content-type': 'application/json', origin: 'http://attacker.example' })).status).toBe(403);
    expect((await post({ 'content-type': 'application/json', origin: 'null' })).status).toBe(403);
    expect((await call('/api/control', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"op":"stop"}' })).status).toBe(401);
    const bad = await post({ 'content-type': 'application/json', origin: `http://127.0.0.1:${server.port}` }, '{"op":"adjust","adjust":{"parallelism":3}}');
    expect(bad.status).toBe(400);
    expect(engine.state()).not.toBe('stopped');
  });

  it('answers 404 for an unknown ticket and the ticket statechart as SVG', async () => {
    expect((await call('/api/tickets/NOPE', { headers: bearer() })).status).toBe(404);
    const chart = await call('/api/machines/ticket.svg', { headers: bearer() });
    expect(chart.status).toBe(200);
    expect(chart.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(chart.body).toContain('id="state-executing"');
  });
});
