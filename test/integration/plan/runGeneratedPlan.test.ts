/**
 * A plan written by `tpe plan` runs as written: generated in-process, then
 * executed by the built binary (`dist/cli/main.js`, built by `npm run build`)
 * on copies of examples/seed (a seed-format folder run by a coding-agent
 * script) and of a native plan over a registry (run from another folder, so
 * that its paths had to be rebased).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSeedDuration } from '../../../src/plan/generate/index.js';
import { fixture, plan } from '../../unit/plan/generate/helpers.js';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
let work: string;

function tpe(args: string[], cwd: string) {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', AGENT_SECONDS: '0.05' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-plan-run-'));
  cpSync(join(root, 'examples', 'seed'), join(work, 'seed'), { recursive: true });
  cpSync(fixture('native'), join(work, 'native'), { recursive: true });
  cpSync(join(root, 'examples', 'release'), join(work, 'release'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe run executes what tpe plan generates', () => {
  it('a native plan with its tickets inline (the release demo): they travel beside execution_plan, and the run completes', async () => {
    const dir = join(work, 'release');
    const generated = await plan(dir, 'plan.yaml', { output: 'execution-plan.yaml' });
    expect(generated.code, generated.stderr).toBe(0);
    const written = parse(readFileSync(join(dir, 'execution-plan.yaml'), 'utf8'));
    expect(written.registry).toBeUndefined();
    expect(written.tickets).toHaveLength(12);
    expect(written.execution_plan.parallel_groups.flatMap((g: { tickets: string[] }) => g.tickets)).toHaveLength(12);
    const r = tpe(['run', 'execution-plan.yaml', '--no-live'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('12/12 completed, 0 failed');
  });

  it('refuses to write a plan with inline tickets to another folder, where their paths would change meaning', async () => {
    const refused = await plan(join(work, 'release'), 'plan.yaml', { output: 'elsewhere/execution-plan.yaml' });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('write the execution plan in the same folder');
  });

  it('a seed-format ticket folder, with --agent-command: every ticket completes, and then nothing is left to plan', async () => {
    const dir = join(work, 'seed');
    const generated = await plan(dir, 'tickets', { output: 'generated.yaml', agentCommand: './agents/coding-agent.sh' });
    expect(generated.code, generated.stderr).toBe(0);
    const check = tpe(['check', 'generated.yaml'], dir);
    expect(check.code, check.stderr).toBe(0);

    const r = tpe(['run', 'generated.yaml', '--no-live'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('4/4 completed, 0 failed');
    // The registry followed the run: every planned ticket is completed now.
    const again = await plan(dir, 'tickets');
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('nothing to plan: of 5 ticket(s), 5 are settled');
  });

  it('a native plan over a registry, written to another folder: its programs still run, and the dry run predicts what the file says', async () => {
    const dir = join(work, 'native');
    const generated = await plan(dir, 'plan.yaml', { output: 'out/plan.yaml' });
    expect(generated.code, generated.stderr).toBe(0);
    const written = parse(readFileSync(join(dir, 'out', 'plan.yaml'), 'utf8'));
    expect(written.agents.reviewer.command).toEqual(['../agents/review.sh', '--strict']);

    const dry = tpe(['run', 'out/plan.yaml', '--dry-run', '--json'], dir);
    expect(dry.code, dry.stderr).toBe(0);
    expect(formatSeedDuration(JSON.parse(dry.stdout).makespanMs)).toBe(written.execution_plan.metadata.estimated_duration);

    const r = tpe(['run', 'out/plan.yaml', '--no-live'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('6/6 completed, 0 failed');
    const runs = readdirSync(join(dir, '.tpe', 'runs'));
    const log = readFileSync(join(dir, '.tpe', 'runs', runs[0]!, 'logs', 'DOC-001.1.log'), 'utf8');
    expect(log).toContain('reviewed DOC-001 (--strict): Review the release notes');
  });
});
