import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TICKET_STATES } from '../../src/machines/ticketMachine.js';
import { machineDiagrams } from '../helpers/machineDiagrams.js';

describe('visualizations/', () => {
  const diagrams = machineDiagrams();

  it('are up to date with the machines (run `npm run viz` after changing one)', () => {
    for (const [file, text] of Object.entries(diagrams)) {
      expect(readFileSync(join(import.meta.dirname, '..', '..', 'visualizations', file), 'utf8'), file).toBe(text);
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
});
