import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

/** The newest modification time of the non-test TypeScript files under `dir`, epoch ms. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
  }
  return newest;
}

/**
 * Whether `dist/` holds `file` (a path under dist, e.g. `cli/bin.js`) built after the last change
 * to the sources (the build writes every file), so that a benchmark can run what a user runs.
 */
export function builtIsCurrent(file: string): boolean {
  let built = 0;
  try {
    built = statSync(join(ROOT, 'dist', file)).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestSource(SRC);
}

/** The absolute path of `file` under dist/. */
export const builtPath = (file: string): string => join(ROOT, 'dist', file);
