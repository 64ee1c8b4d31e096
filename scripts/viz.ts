// `npm run viz`: regenerates the statechart diagrams in visualizations/ (Mermaid
// and SVG) from the machine definitions. test/machines/diagrams.test.ts fails
// until this has been run after a machine changed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { machineDiagramFiles } from '../src/runtime/viz/machineDiagrams.js';

const dir = join(import.meta.dirname, '..', 'visualizations');
const read = (file: string) => {
  try {
    return readFileSync(join(dir, file), 'utf8');
  } catch {
    return undefined;
  }
};
for (const [file, text] of Object.entries(await machineDiagramFiles())) {
  // Unchanged files are not rewritten, so their timestamps say what changed.
  if (read(file) === text) {
    console.log(`unchanged visualizations/${file}`);
    continue;
  }
  writeFileSync(join(dir, file), text);
  console.log(`wrote visualizations/${file}`);
}
