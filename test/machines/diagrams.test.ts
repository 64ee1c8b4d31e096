import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TICKET_STATES } from '../../src/machines/ticketMachine.js';
import { machineDiagramFiles, ticketMachineSvg } from '../../src/runtime/viz/machineDiagrams.js';

const dir = join(import.meta.dirname, '..', '..', 'visualizations');

describe('visualizations/', () => {
  let diagrams: Record<string, string>;
  beforeAll(async () => {
    diagrams = await machineDiagramFiles();
  });

  it('are up to date with the machines (run `npm run viz` after changing one)', () => {
    expect(Object.keys(diagrams).sort()).toEqual(['agent.mmd', 'agent.svg', 'supervisor.mmd', 'supervisor.svg', 'ticket.mmd', 'ticket.svg']);
    // Every diagram in the folder is generated: a stale one left behind would fail here too.
    const committed = readdirSync(dir).filter((f) => f.endsWith('.mmd') || f.endsWith('.svg'));
    expect(committed.sort()).toEqual(Object.keys(diagrams).sort());
    for (const [file, text] of Object.entries(diagrams)) {
      const onDisk = readFileSync(join(dir, file), 'utf8');
      // toBe on a 30 kB SVG prints an unreadable diff: say which file, and the command that fixes it.
      expect(onDisk === text, `visualizations/${file} differs from what its machine generates: run \`npm run viz\``).toBe(true);
    }
  });

  it('draw every ticket state and the transitions between them', () => {
    const ticket = diagrams['ticket.mmd']!;
    for (const state of TICKET_STATES) expect(ticket).toContain(state);
    expect(ticket).toContain('ready --> executing : ASSIGN');
    expect(ticket).toContain('executing --> completed : WORK_DONE [noGates]');
    expect(ticket).toContain('failing --> retrying : always [canRetry]');
    expect(ticket).toContain('completed --> [*]');
  });

  it('give every ticket state an SVG id, in the bytes the dashboard inlines', async () => {
    const svg = diagrams['ticket.svg']!;
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).not.toContain('<!--');
    for (const state of TICKET_STATES) expect(svg).toContain(`id="state-${state}"`);
    expect(svg).toMatch(/<g id="state-completed" class="node state final">/);
    expect(svg).toContain('ASSIGN');
    expect(svg).toContain('WORK_DONE [noGates]');
    expect(await ticketMachineSvg()).toBe(svg);
  });
});
