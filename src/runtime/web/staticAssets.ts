/**
 * The page's files, served from src/runtime/web/assets/ (copied next to the
 * compiled module by scripts/build.mjs, so the same relative path works from
 * dist/). Only the names listed here are served: a request names an entry of
 * this table, never a path, so `..` and friends have nothing to reach.
 * Files are read once and kept: they are small and never change while a run goes.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const ASSET_TYPES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  'dashboard.js': 'text/javascript; charset=utf-8',
  'dashboard.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

const assetsDir = new URL('./assets/', import.meta.url);
const cache = new Map<string, Promise<Buffer>>();

/** The file and its content type, or undefined for a name not in the table. */
export async function readAsset(name: string): Promise<{ body: Buffer; type: string } | undefined> {
  const type = Object.hasOwn(ASSET_TYPES, name) ? ASSET_TYPES[name] : undefined;
  if (type === undefined) return undefined;
  let body = cache.get(name);
  if (body === undefined) {
    body = readFile(fileURLToPath(new URL(name, assetsDir)));
    // A failed read (a broken install) must not be remembered as the answer.
    body.catch(() => cache.delete(name));
    cache.set(name, body);
  }
  return { body: await body, type };
}
