// Builds dist/ from src/: TypeScript through tsc, then the assets tsc does not
// copy (the piscina worker entry is plain JavaScript because worker threads on
// Node 20 cannot load .ts files).
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const res = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
if (res.status !== 0) process.exit(res.status ?? 1);
cpSync(join(root, 'src'), join(root, 'dist'), {
  recursive: true,
  filter: (src) => !/\.(ts|tsx)$/.test(src) || src.endsWith('.d.ts'),
});
const bin = join(root, 'dist', 'cli', 'main.js');
if (existsSync(bin)) chmodSync(bin, 0o755);
