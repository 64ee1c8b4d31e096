/** `tpe viz` in-process: formats, outputs, refusals and progress (the built binary is tested in test/integration/cli). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tooLargeMessage, vizCommand } from '../../../src/cli/commands/vizCommand.js';
import type { CliIO } from '../../../src/cli/io.js';

const root = join(import.meta.dirname, '..', '..', '..');
let work: string;

function fakeIO(opts: { tty?: boolean } = {}) {
  const out = { stdout: '', stderr: '' };
  const io: CliIO = {
    stdout: { write: (s: string) => ((out.stdout += s), true) },
    stderr: { write: (s: string) => ((out.stderr += s), true), isTTY: opts.tty ?? false },
    env: { NO_COLOR: '1' },
    cwd: work,
    onSignal: () => () => {},
  };
  return { io, out };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'tpe-viz-'));
  writeFileSync(join(work, 'small.yaml'), ['name: small', 'tickets:', '  - { id: A, run: "true", estimate: 1m }', '  - { id: B, run: "true", estimate: 2m, depends_on: [A] }', ''].join('\n'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('tpe viz (in-process)', () => {
  it('writes SVG to stdout, or to -o with the path on stdout, the format following the extension', async () => {
    const a = fakeIO();
    expect(await vizCommand('small.yaml', {}, a.io)).toBe(0);
    expect(a.out.stdout).toMatch(/^<svg/);
    expect(a.out.stdout).toContain('id="ticket-B"');
    const b = fakeIO();
    expect(await vizCommand('small.yaml', { output: 'dag.gv' }, b.io)).toBe(0);
    expect(b.out.stdout).toBe(`${join(work, 'dag.gv')}\n`);
    expect(readFileSync(join(work, 'dag.gv'), 'utf8')).toMatch(/^digraph "small" \{/);
    const c = fakeIO();
    expect(await vizCommand('small.yaml', { output: 'dag.txt', format: 'mermaid' }, c.io)).toBe(0);
    expect(readFileSync(join(work, 'dag.txt'), 'utf8')).toMatch(/^flowchart LR\n/);
  });

  it('draws a machine: the SVG is the committed visualizations/ file', async () => {
    const { io, out } = fakeIO();
    expect(await vizCommand(undefined, { machine: 'ticket' }, io)).toBe(0);
    expect(out.stdout).toBe(readFileSync(join(root, 'visualizations', 'ticket.svg'), 'utf8'));
    const mermaid = fakeIO();
    await vizCommand(undefined, { machine: 'agent', format: 'mermaid' }, mermaid.io);
    expect(mermaid.out.stdout).toContain('idle --> busy : ASSIGN');
    const dot = fakeIO();
    await vizCommand(undefined, { machine: 'supervisor', format: 'dot' }, dot.io);
    expect(dot.out.stdout).toContain('id="state-running"');
  });

  it('refuses contradictory or missing input with a usage error', async () => {
    await expect(vizCommand(undefined, {}, fakeIO().io)).rejects.toThrow('name a plan file or ticket folder, or --machine ticket|agent|supervisor');
    await expect(vizCommand('small.yaml', { machine: 'ticket' }, fakeIO().io)).rejects.toThrow('draw one or the other');
    await expect(vizCommand('small.yaml', { output: 'dag.png' }, fakeIO().io)).rejects.toThrow('cannot tell a format from "dag.png"');
    await expect(vizCommand('small.yaml', { output: 'missing/dir/dag.svg' }, fakeIO().io)).rejects.toMatchObject({ code: 'USAGE', message: 'cannot write missing/dir/dag.svg: ENOENT' });
  });

  it('lists plan problems with their location, exit 2', async () => {
    writeFileSync(join(work, 'bad.yaml'), ['tickets:', '  - { id: A, run: "true", depends_on: [NOPE] }', ''].join('\n'));
    const { io, out } = fakeIO();
    expect(await vizCommand('bad.yaml', {}, io)).toBe(2);
    expect(out.stderr).toMatch(/bad\.yaml:2:\d+ .*NOPE/);
    expect(out.stdout).toBe('');
  });

  it('refuses a plan too large for SVG, suggesting DOT, which it still writes', async () => {
    const many = ['name: many', 'tickets:', ...Array.from({ length: 3001 }, (_, i) => `  - { id: T${i}, run: "true" }`), ''].join('\n');
    writeFileSync(join(work, 'many.yaml'), many);
    const { io, out } = fakeIO();
    expect(await vizCommand('many.yaml', {}, io)).toBe(2);
    expect(out.stderr).toContain('many.yaml has 3,001 tickets and 0 dependencies: too many to lay out as SVG here (the limit is 3,000 tickets and 6,000 dependencies;');
    expect(out.stderr).toContain('tpe viz many.yaml --format dot -o many.dot && dot -Tsvg many.dot -o many.svg');
    const dot = fakeIO();
    expect(await vizCommand('many.yaml', { format: 'dot' }, dot.io)).toBe(0);
    expect(dot.out.stdout).toContain('id="ticket-T3000"');
    expect(tooLargeMessage('tickets/', { tickets: 1, dependencies: 1 })).toContain('1 ticket and 1 dependency');
  });

  it('shows a slow layout\'s elapsed time: redrawn on a terminal, one line each side in a log', async () => {
    const tty = fakeIO({ tty: true });
    expect(await vizCommand('small.yaml', {}, tty.io, { progressAfterMs: 0 })).toBe(0);
    expect(tty.out.stderr).toMatch(/^\rlaying out 2 tickets and 1 dependency with Graphviz… \ds/);
    expect(tty.out.stderr).toMatch(/\r +\r$/);
    const log = fakeIO();
    await vizCommand('small.yaml', {}, log.io, { progressAfterMs: 0 });
    expect(log.out.stderr).toMatch(/^laying out 2 tickets and 1 dependency with Graphviz \(this can take a while\)…\nlaid out in \d+\.\ds\n$/);
    const quick = fakeIO({ tty: true });
    await vizCommand('small.yaml', {}, quick.io, { progressAfterMs: 60_000 });
    expect(quick.out.stderr).toBe('');
  });
});
