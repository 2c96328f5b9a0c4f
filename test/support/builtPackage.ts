import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The project root. */
export const PROJECT_DIR = resolve(import.meta.dirname, '../..');
const STAMP = join(PROJECT_DIR, 'test-artifacts/dist-built.stamp');
const LOCK = join(PROJECT_DIR, 'test-artifacts/dist-build.lock');
/** A lock this old was left by a run that died while compiling. */
const STALE_LOCK_MS = 10 * 60_000;

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function upToDate(): boolean {
  if (!existsSync(STAMP)) return false;
  const inputs = Math.max(
    newestSource(join(PROJECT_DIR, 'src')),
    statSync(join(PROJECT_DIR, 'tsconfig.json')).mtimeMs,
    statSync(join(PROJECT_DIR, 'tsconfig.build.json')).mtimeMs,
  );
  return statSync(STAMP).mtimeMs >= inputs;
}

const pause = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * `dist/` compiled from the current sources (`npm run build`'s tsc step), once for all the test
 * files that run the built package: a lock directory keeps two of them from compiling at once.
 */
export function ensureBuilt(): void {
  if (upToDate()) return;
  mkdirSync(dirname(LOCK), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      const heldSince = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - heldSince > STALE_LOCK_MS) rmSync(LOCK, { force: true, recursive: true });
      pause(500);
    }
  }
  try {
    if (upToDate()) return;
    execFileSync(
      process.execPath,
      [join(PROJECT_DIR, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
      {
        cwd: PROJECT_DIR,
        stdio: 'inherit',
      },
    );
    writeFileSync(STAMP, new Date().toISOString());
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
