/**
 * The ways to watch a run from the command line, through the built binary:
 * `tpe run --inspect ws://…` feeding a WebSocket inspector, `--report` at the
 * end, `--ui` printing a dashboard address that answers only with its token,
 * and `tpe monitor --web` steering a run in another process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type RawData } from 'ws';
import { waitFor } from '../../helpers/processes.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
let work: string;
const children: ChildProcess[] = [];

function tpe(args: string[]) {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** Starts the binary in the background; collects its output. */
function tpeBackground(args: string[]) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: work, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (s: string) => (out.stdout += s));
  child.stderr.setEncoding('utf8').on('data', (s: string) => (out.stderr += s));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out, exited };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-views-'));
  writeFileSync(
    join(work, 'quick.yaml'),
    ['name: quick', 'agents: { shell: { count: 2 } }', 'tickets:', '  - { id: A, run: [ "true" ] }', '  - { id: B, run: [ "true" ], depends_on: [ A ] }', '  - { id: C, run: [ "true" ], depends_on: [ A ] }', ''].join('\n'),
  );
  writeFileSync(
    join(work, 'slow.yaml'),
    ['name: slow', 'agents: { shell: { count: 1 } }', 'tickets:', ...Array.from({ length: 6 }, (_, i) => `  - { id: S${i + 1}, run: [ sleep, "0.4" ] }`), ''].join('\n'),
  );
});
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(work, { recursive: true, force: true });
});

describe('tpe run --inspect', () => {
  it('sends every ticket actor\'s inspection events to a WebSocket server', async () => {
    const events: Array<{ type: string; sessionId: string; snapshot?: { value?: unknown } }> = [];
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server.on('connection', (socket) => socket.on('message', (data: RawData) => events.push(JSON.parse(data.toString()) as (typeof events)[number])));
    await new Promise<void>((resolve) => server.once('listening', resolve));
    const { port } = server.address() as { port: number };
    // Asynchronous: the server lives in this process and must keep reading while the run goes.
    const run = tpeBackground(['run', 'quick.yaml', '--no-live', '--inspect', `ws://127.0.0.1:${port}`]);
    expect(await run.exited).toBe(0);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    expect(run.out.stderr).toContain(`inspector: ws://127.0.0.1:${port}`);
    for (const id of ['A', 'B', 'C']) {
      expect(events.some((e) => e.type === '@xstate.actor' && e.sessionId === `ticket:${id}`)).toBe(true);
      expect(events.filter((e) => e.type === '@xstate.snapshot' && e.sessionId === `ticket:${id}`).at(-1)?.snapshot?.value).toBe('completed');
    }
  });

  it('refuses an inspector address that is not a WebSocket URL: exit 2, no run', () => {
    const r = tpe(['run', 'quick.yaml', '--inspect', 'http://localhost:8080']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--inspect http://localhost:8080: expected a WebSocket URL');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tpe run --report', () => {
  it('writes the session summary when the run ends, in the format of the extension', () => {
    const r = tpe(['run', 'quick.yaml', '--no-live', '--report', 'out/report.md']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/report \(markdown\): .*out\/report\.md/);
    expect(readFileSync(join(work, 'out', 'report.md'), 'utf8')).toContain('quick');
  });

  it('refuses an unknown report format before running anything', () => {
    const r = tpe(['run', 'quick.yaml', '--report', 'report.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('tpe run --ui and tpe monitor --web', () => {
  it('prints a dashboard address that answers only with its token', async () => {
    const run = tpeBackground(['run', 'slow.yaml', '--no-live', '--ui']);
    expect(await waitFor(() => /dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)/.test(run.out.stderr), 15_000)).toBe(true);
    const url = new URL(/dashboard: (\S+)/.exec(run.out.stderr)![1]!);
    const info = await fetch(new URL(`/api/info?token=${url.searchParams.get('token')}`, url));
    expect(info.status).toBe(200);
    expect(((await info.json()) as { runId: string }).runId).toMatch(/^exec_/);
    expect((await fetch(new URL('/api/info', url))).status).toBe(401);
    expect((await fetch(new URL('/api/info?token=wrong', url))).status).toBe(403);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(130);
  });

  it('follows a run of another process; its pause button pauses that run', async () => {
    const run = tpeBackground(['run', 'slow.yaml', '--no-live']);
    expect(await waitFor(() => run.out.stderr.includes('S1'), 15_000)).toBe(true);
    const monitor = tpeBackground(['monitor', '--web']);
    expect(await waitFor(() => /dashboard: \S+/.test(monitor.out.stdout), 15_000)).toBe(true);
    const url = new URL(/dashboard: (\S+)/.exec(monitor.out.stdout)![1]!);
    const token = url.searchParams.get('token')!;
    const pause = await fetch(new URL('/api/control', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ op: 'pause' }),
    });
    expect(pause.status).toBe(200);
    expect(await waitFor(() => /"state": "paused"/.test(tpe(['status', '--format', 'json']).stdout), 15_000)).toBe(true);
    const resume = await fetch(new URL('/api/control', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ op: 'resume' }),
    });
    expect(resume.status).toBe(200);
    expect(await run.exited).toBe(0);
    // The run ended: the monitor leaves by itself (off a terminal).
    expect(await monitor.exited).toBe(0);
  }, 60_000);
});
