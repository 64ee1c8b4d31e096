/**
 * `tpe viz` end to end through the built binary (`dist/cli/main.js`, built by
 * `npm test` before vitest): a plan's DAG in each format, a statechart, and
 * bad input (located, exit 2, no stack trace).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', '..');
const bin = join(root, 'dist', 'cli', 'main.js');
let work: string;

function tpe(args: string[]) {
  const res = spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

beforeAll(() => {
  if (!existsSync(bin)) throw new Error('dist/cli/main.js is missing: run `npm run build` first (npm test does)');
  work = mkdtempSync(join(tmpdir(), 'tpe-viz-cli-'));
  cpSync(join(root, 'examples'), join(work, 'examples'), { recursive: true });
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe viz (built binary)', () => {
  it("draws the release plan's DAG as SVG: tickets by id and agent type, the critical path", () => {
    const r = tpe(['viz', 'examples/release/plan.yaml', '-o', 'release.svg']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(work, 'release.svg'));
    const svg = readFileSync(join(work, 'release.svg'), 'utf8');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('<g id="ticket-SYS-002" class="node ticket type-shell critical">');
    expect(svg).toContain('<g id="ticket-CMP-001" class="node ticket type-compute critical">');
    expect(svg).toContain('<g id="ticket-DB-001" class="node ticket type-shell">');
    expect(svg).toContain('<g id="dep-CMP-001-TST-001" class="edge dependency critical">');
    expect(svg).toContain('<g id="legend-compute"');
    // Byte-stable: the same plan gives the same file, here on stdout.
    expect(tpe(['viz', 'examples/release/plan.yaml']).stdout).toBe(svg);
  });

  it('writes DOT and Mermaid, to stdout or by the file extension', () => {
    const dot = tpe(['viz', 'examples/release/plan.yaml', '--format', 'dot']);
    expect(dot.code).toBe(0);
    expect(dot.stdout).toMatch(/^digraph "release-2\.0" \{/);
    expect(tpe(['viz', 'examples/seed/execution-plan.yaml', '-o', 'seed.mmd']).code).toBe(0);
    expect(readFileSync(join(work, 'seed.mmd'), 'utf8')).toMatch(/^flowchart LR\n/);
  });

  it('draws a statechart with --machine: the committed visualizations/ file', () => {
    const r = tpe(['viz', '--machine', 'ticket']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(root, 'visualizations', 'ticket.svg'), 'utf8'));
    const mermaid = tpe(['viz', '--machine', 'supervisor', '--format', 'mermaid']);
    expect(mermaid.stdout).toBe(readFileSync(join(root, 'visualizations', 'supervisor.mmd'), 'utf8').replace(/^%%.*\n/, ''));
  });

  it('answers bad input with located messages, exit 2, no stack trace', () => {
    writeFileSync(join(work, 'bad.yaml'), ['tickets:', '  - { id: A, run: "true" }', '  - { id: B, run: "true", depends_on: [A, NOPE] }', ''].join('\n'));
    const cases = [
      { args: ['viz', 'bad.yaml'], says: /bad\.yaml:3:\d+ .*NOPE/ },
      { args: ['viz', 'missing.yaml'], says: /missing\.yaml/ },
      { args: ['viz'], says: /name a plan file or ticket folder, or --machine ticket\|agent\|supervisor/ },
      { args: ['viz', '--machine', 'robot'], says: /Allowed choices are ticket, agent, supervisor/ },
      { args: ['viz', 'bad.yaml', '--format', 'png'], says: /Allowed choices are svg, dot, mermaid/ },
      { args: ['viz', 'examples/release/plan.yaml', '-o', 'dag.png'], says: /cannot tell a format from "dag\.png"/ },
    ];
    for (const { args, says } of cases) {
      const r = tpe(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(says);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stdout).toBe('');
    }
  });

  it('refuses a plan too large for SVG, pointing to --format dot', () => {
    writeFileSync(join(work, 'huge.yaml'), ['name: huge', 'tickets:', ...Array.from({ length: 3001 }, (_, i) => `  - { id: T${i}, run: "true" }`), ''].join('\n'));
    const r = tpe(['viz', 'huge.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('huge.yaml has 3,001 tickets and 0 dependencies: too many to lay out as SVG here');
    expect(r.stderr).toContain('tpe viz huge.yaml --format dot -o huge.dot && dot -Tsvg huge.dot -o huge.svg');
    expect(r.stdout).toBe('');
  });

  it('has help with examples', () => {
    const r = tpe(['viz', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain('tpe viz --machine ticket -o ticket.svg');
  });
});
