/**
 * The statechart diagrams of `visualizations/`: for each machine, Mermaid
 * text and an SVG, both drawn from its definition. `npm run viz` writes them,
 * a test fails when a committed one differs, and the dashboard inlines
 * `ticketMachineSvg()`, the same bytes as `visualizations/ticket.svg`, whose
 * states it highlights by id (`#state-executing`).
 */
import type { AnyStateMachine } from 'xstate';
import { agentMachine } from '../../machines/agentMachine.js';
import { supervisorMachine } from '../../machines/supervisorMachine.js';
import { ticketMachine } from '../../machines/ticketMachine.js';
import { toMermaid } from '../../machines/toMermaid.js';
import { renderMachineSvg } from './renderDotToSvg.js';

/** The machines drawn, by the name of their files in `visualizations/`, with the file that defines each. */
export const MACHINE_DIAGRAMS = {
  ticket: { machine: ticketMachine, source: 'src/machines/ticketMachine.ts' },
  agent: { machine: agentMachine, source: 'src/machines/agentMachine.ts' },
  supervisor: { machine: supervisorMachine, source: 'src/machines/supervisorMachine.ts' },
} as const satisfies Record<string, { machine: AnyStateMachine; source: string }>;

export type MachineName = keyof typeof MACHINE_DIAGRAMS;
export const MACHINE_NAMES = Object.keys(MACHINE_DIAGRAMS) as MachineName[];

/** A machine as Mermaid `stateDiagram-v2`. */
export function machineMermaid(name: MachineName): string {
  return toMermaid(MACHINE_DIAGRAMS[name].machine);
}

const svgs = new Map<MachineName, Promise<string>>();

/** A machine as SVG (states `#state-<dotted.path>`); rendered once per process. */
export function machineSvg(name: MachineName): Promise<string> {
  let svg = svgs.get(name);
  if (svg === undefined) {
    svg = renderMachineSvg(MACHINE_DIAGRAMS[name].machine);
    svgs.set(name, svg);
    // A failed render is not kept: the next caller tries again.
    svg.catch(() => svgs.delete(name));
  }
  return svg;
}

/** The ticket statechart as SVG: the bytes of `visualizations/ticket.svg`. */
export function ticketMachineSvg(): Promise<string> {
  return machineSvg('ticket');
}

/**
 * Every file of `visualizations/` that is generated, by file name: `<name>.mmd`
 * (with a header saying where it comes from; Mermaid has comments) and
 * `<name>.svg` (exactly what `machineSvg` returns, so a page may inline either).
 */
export async function machineDiagramFiles(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of MACHINE_NAMES) {
    const { source } = MACHINE_DIAGRAMS[name];
    files[`${name}.mmd`] = `%% Generated from ${source} by \`npm run viz\`. Do not edit: change the machine and regenerate.\n${machineMermaid(name)}`;
    files[`${name}.svg`] = await machineSvg(name);
  }
  return files;
}
