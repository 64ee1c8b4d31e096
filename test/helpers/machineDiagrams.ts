/** The diagram files of visualizations/, as generated from the machine definitions. */
import { agentMachine } from '../../src/machines/agentMachine.js';
import { supervisorMachine } from '../../src/machines/supervisorMachine.js';
import { ticketMachine } from '../../src/machines/ticketMachine.js';
import { toMermaid } from '../../src/machines/toMermaid.js';

const header = (name: string) =>
  `%% Generated from src/machines/${name}.ts by \`npm run viz\`. Do not edit: change the machine and regenerate.\n`;

export function machineDiagrams(): Record<string, string> {
  return {
    'ticket.mmd': header('ticketMachine') + toMermaid(ticketMachine),
    'agent.mmd': header('agentMachine') + toMermaid(agentMachine),
    'supervisor.mmd': header('supervisorMachine') + toMermaid(supervisorMachine),
  };
}
