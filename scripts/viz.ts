// `npm run viz`: regenerates the statechart diagrams in visualizations/ from the machines.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineDiagrams } from '../test/helpers/machineDiagrams.js';

const dir = join(import.meta.dirname, '..', 'visualizations');
for (const [file, text] of Object.entries(machineDiagrams())) {
  writeFileSync(join(dir, file), text);
  console.log(`wrote visualizations/${file}`);
}
