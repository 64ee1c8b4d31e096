/**
 * Registry sync on real files: a real engine runs real processes over a copy
 * of a registry, the sync rewrites the tickets' frontmatter, moves files
 * between status folders, writes TICKET_REGISTRY.md and holds the registry
 * lock meanwhile.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REGISTRY_LOCK_FILE, RegistryLockError, RegistrySyncError, startRegistrySync } from '../../../src/actors/registry/index.js';
import { compilePlan, loadPlan } from '../../../src/plan/index.js';
import type { CompiledPlan } from '../../../src/plan/types.js';
import { createEngine } from '../../../src/runtime/createEngine.js';
import { expectOnlyKeysChanged, FIXTURES, frontmatterOf } from './fixtures.js';

const SYNCED_KEYS = ['status', 'started', 'completed', 'actual_effort', 'blocked_reason'];
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
const SEED = join(import.meta.dirname, '..', '..', '..', 'examples', 'seed');

const work = mkdtempSync(join(tmpdir(), 'tpe-registry-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let copies = 0;

/** A fresh copy of a folder; returns its path. */
function copy(from: string): string {
  const to = join(work, `copy-${++copies}`);
  cpSync(from, to, { recursive: true });
  return to;
}

/** Every file under `dir`, by path relative to it, with its text. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), readFileSync(path, 'utf8'));
  }
  return files;
}

function fixturePlan(tickets: string): CompiledPlan {
  const loaded = compilePlan(
    { name: 'registry-sync', registry: tickets, defaults: { agent: 'shell', retries: 0 }, agents: { shell: { count: 2, executor: 'process' } } },
    { file: join(work, 'plan.yaml'), baseDir: work },
  );
  if (!loaded.ok) throw new Error(loaded.problems.map((p) => `${p.file}:${p.line} ${p.message}`).join('\n'));
  return loaded.value;
}

describe('registry sync', () => {
  it('runs the seed example: every ticket completed, moved to completed/, only the synced lines changed', async () => {
    const root = copy(SEED);
    const registryDir = join(root, 'tickets');
    const before = snapshot(registryDir);
    const loaded = await loadPlan(join(root, 'execution-plan.yaml'));
    if (!loaded.ok) throw new Error(loaded.problems.map((p) => p.message).join('\n'));
    const engine = createEngine(loaded.value, { workspace: root });
    const errors: unknown[] = [];
    const sync = await startRegistrySync(engine, { registryDir, move: true, onError: (err) => errors.push(err) });
    expect(existsSync(join(registryDir, REGISTRY_LOCK_FILE))).toBe(true);
    expect(sync.files).toBe(4); // SYS-016 is done in the registry: never touched
    const result = await engine.start();
    await sync.stop();

    expect(result.status).toBe('completed');
    expect(errors).toEqual([]);
    const after = snapshot(registryDir);
    expect([...after.keys()].sort()).toEqual([
      'TICKET_REGISTRY.md',
      'completed/DOC-001-release-notes.md',
      'completed/MOD-012-frontmatter-template.md',
      'completed/MOD-013-template-docs.md',
      'completed/SYS-015-migrate-schema.md',
      'completed/SYS-016-registry-lock.md',
    ]);
    // Done before the run: not touched at all.
    expect(after.get('completed/SYS-016-registry-lock.md')).toBe(before.get('completed/SYS-016-registry-lock.md'));
    for (const [path, text] of before) {
      if (!path.startsWith('pending/')) continue;
      const now = after.get(path.replace('pending/', 'completed/')) as string;
      expectOnlyKeysChanged(text, now, SYNCED_KEYS);
      const fm = frontmatterOf(now);
      expect(fm).toMatchObject({ status: 'completed', started: expect.stringMatching(ISO), completed: expect.stringMatching(ISO) });
      expect(fm.actual_effort).toMatch(/^\d+(\.\d+)?(ms|s|m|h)( \d+[smh])?$/);
    }
    const summary = after.get('TICKET_REGISTRY.md') as string;
    expect(summary).toContain('| completed | 5 | 100% |');
    expect(summary).toContain('| **Total** | **5** | **100%** |');
    expect(summary).toContain('[completed/SYS-015-migrate-schema.md](completed/SYS-015-migrate-schema.md)');
    expect(existsSync(join(registryDir, REGISTRY_LOCK_FILE))).toBe(false);
  });

  it('writes failures as blocked with a reason, keeps odd files byte-exact, and moves through in-progress/', async () => {
    const registryDir = join(copy(join(FIXTURES, 'run')), 'tickets');
    const before = snapshot(registryDir);
    const engine = createEngine(fixturePlan(registryDir), { workspace: work });
    const errors: unknown[] = [];
    const sync = await startRegistrySync(engine, { registryDir, move: true, onError: (err) => errors.push(err) });
    const result = await engine.start();
    await sync.stop();

    expect(result.status).toBe('failed');
    expect(errors).toEqual([]);
    const after = snapshot(registryDir);
    expect([...after.keys()].sort()).toEqual([
      'README.md',
      'TICKET_REGISTRY.md',
      'completed/A-001-first.md',
      'completed/A-002-second.md',
      'completed/C-000.md',
      'completed/I-001.md',
      // Started (moved to in-progress/), failed: back to pending/, the registry has no blocked/.
      'pending/B-001-blocked.md',
      'pending/F-001-fails.md',
    ]);
    const moved: Array<[string, string]> = [
      ['pending/A-001-first.md', 'completed/A-001-first.md'],
      ['pending/A-002-second.md', 'completed/A-002-second.md'],
      ['in-progress/I-001.md', 'completed/I-001.md'],
      ['pending/F-001-fails.md', 'pending/F-001-fails.md'],
      ['pending/B-001-blocked.md', 'pending/B-001-blocked.md'],
    ];
    for (const [from, to] of moved) expectOnlyKeysChanged(before.get(from) as string, after.get(to) as string, SYNCED_KEYS);
    for (const same of ['README.md', 'completed/C-000.md']) expect(after.get(same)).toBe(before.get(same));

    const a1 = after.get('completed/A-001-first.md') as string;
    expect(a1).toMatch(/^---\r\nticket_id: A-001\r\n.*\r\nstatus: completed\r\nstarted: \S+\r\ncompleted: \S+\r\nactual_effort: \S+\r\ncategory: system\r\n/s);
    const a2 = after.get('completed/A-002-second.md') as string;
    expect(a2).toContain('status: "completed"  # keep this comment\n');
    expect(a2.endsWith('---\nNo final newline')).toBe(true);

    const f1 = frontmatterOf(after.get('pending/F-001-fails.md') as string);
    expect(f1.status).toBe('blocked');
    expect(f1.blocked_reason).toMatch(/^failed: command exited with code 3/);
    const b1 = frontmatterOf(after.get('pending/B-001-blocked.md') as string);
    expect(b1).toMatchObject({ status: 'blocked', blocked_reason: 'blocked by F-001', review: { status: 'open' } });
    expect(b1.started).toBeUndefined();
    const i1 = frontmatterOf(after.get('completed/I-001.md') as string);
    expect(i1).toMatchObject({ status: 'completed', started: '2025-08-17T08:00:00Z' });
    expect(i1.blocked_reason).toBeUndefined();

    const summary = after.get('TICKET_REGISTRY.md') as string;
    expect(summary).toContain('**6** tickets · **4** done (66.7%)');
    expect(summary).toContain('| blocked | 2 | 33.3% |');
    expect(summary).toContain('| completed | 4 | 66.7% |');
    expect(summary).toContain('_None: no ticket is pending._');
  });

  it('without move, leaves files in place; reports unwritable tickets to onError and the run goes on', async () => {
    const registryDir = join(copy(join(FIXTURES, 'run')), 'tickets');
    const plan = fixturePlan(registryDir);
    // After loading: one ticket loses its frontmatter, another disappears.
    writeFileSync(join(registryDir, 'pending', 'A-001-first.md'), 'no frontmatter any more\n');
    rmSync(join(registryDir, 'in-progress', 'I-001.md'));
    const engine = createEngine(plan, { workspace: work });
    const errors: Array<{ err: unknown; file: string }> = [];
    const sync = await startRegistrySync(engine, { registryDir, summaryIntervalMs: 0, onError: (err, file) => errors.push({ err, file }) });
    const result = await engine.start();
    await sync.flush();
    // The summary is regenerated during the run too, not only on stop.
    const page = join(registryDir, 'TICKET_REGISTRY.md');
    for (let i = 0; i < 100 && !existsSync(page); i++) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(page)).toBe(true);
    await sync.stop();

    expect(result.tickets.filter((t) => t.state === 'completed').map((t) => t.id).sort()).toEqual(['A-001', 'A-002', 'C-000', 'I-001']);
    expect(readdirSync(join(registryDir, 'in-progress'))).toEqual([]);
    expect(readdirSync(join(registryDir, 'pending')).sort()).toEqual(['A-001-first.md', 'A-002-second.md', 'B-001-blocked.md', 'F-001-fails.md']);
    expect(frontmatterOf(readFileSync(join(registryDir, 'pending', 'A-002-second.md'), 'utf8')).status).toBe('completed');
    const files = [...new Set(errors.map((e) => relative(registryDir, e.file)))].sort();
    expect(files).toEqual(['in-progress/I-001.md', 'pending/A-001-first.md']);
    const bad = errors.find((e) => e.err instanceof RegistrySyncError)?.err as Error;
    expect(bad.message).toMatch(/A-001-first\.md: not updated: no YAML frontmatter/);
    expect(errors.some((e) => (e.err as NodeJS.ErrnoException).code === 'ENOENT')).toBe(true);
  });

  it('lets one run sync a registry at a time, naming the holder', async () => {
    const registryDir = join(copy(join(FIXTURES, 'run')), 'tickets');
    const plan = fixturePlan(registryDir);
    const first = createEngine(plan, { workspace: work });
    const sync = await startRegistrySync(first, { registryDir });
    const second = createEngine(plan, { workspace: work });
    const started = Date.now();
    const attempt = startRegistrySync(second, { registryDir, lock: { retries: 3, retryDelayMs: 20 } });
    await expect(attempt).rejects.toThrow(RegistryLockError);
    await expect(attempt).rejects.toThrow(`locked by run ${first.runId} (pid ${process.pid} on ${hostname()}`);
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    await sync.stop();
    expect(existsSync(join(registryDir, REGISTRY_LOCK_FILE))).toBe(false);
    const third = await startRegistrySync(second, { registryDir, summary: false });
    await third.stop();
  });

  it('takes over a lock whose process is dead, never one from another host', async () => {
    const registryDir = join(copy(join(FIXTURES, 'run')), 'tickets');
    const lockFile = join(registryDir, REGISTRY_LOCK_FILE);
    const dead = spawnSync('true').pid as number;
    const engine = createEngine(fixturePlan(registryDir), { workspace: work });
    const stale = { pid: dead, runId: 'exec_dead', hostname: hostname(), acquiredAt: '2025-08-18T10:00:00.000Z', token: 'old' };
    writeFileSync(lockFile, JSON.stringify(stale));
    const sync = await startRegistrySync(engine, { registryDir, summary: false, lock: { retries: 0 } });
    expect(JSON.parse(readFileSync(lockFile, 'utf8'))).toMatchObject({ pid: process.pid, runId: engine.runId });
    await sync.stop();

    writeFileSync(lockFile, JSON.stringify({ ...stale, hostname: 'elsewhere' }));
    await expect(startRegistrySync(engine, { registryDir, lock: { retries: 0 } })).rejects.toThrow(/locked by run exec_dead \(pid \d+ on elsewhere/);
    expect(existsSync(lockFile)).toBe(true);
  });
});
