import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** connection URL of the suite's PostgreSQL, or '' when it could not be started */
    pgUrl: string;
    /** why PostgreSQL is not available ('' when it is) */
    pgError: string;
  }
}

const run = promisify(execFile);
const SCRIPT = resolve(import.meta.dirname, '../scripts/postgres-test.sh');

/**
 * Starts a throw-away PostgreSQL before the suite and removes it after (scripts/postgres-test.sh).
 * GEXMAP_PG_URL set by the caller points the tests at an existing server instead. When the server
 * cannot be started, the reason is passed on and the PostgreSQL tests fail with it.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.GEXMAP_PG_URL;
  if (external) {
    project.provide('pgUrl', external);
    project.provide('pgError', '');
    return async () => {};
  }
  let dir = '';
  try {
    const { stdout } = await run('bash', [SCRIPT, 'start'], { timeout: 60_000 });
    const url = /^GEXMAP_PG_URL=(.+)$/m.exec(stdout)?.[1] ?? '';
    dir = /^GEXMAP_PG_DIR=(.+)$/m.exec(stdout)?.[1] ?? '';
    if (!url) throw new Error(`postgres-test.sh start printed no URL: ${stdout}`);
    project.provide('pgUrl', url);
    project.provide('pgError', '');
  } catch (e) {
    const err = e as { message?: string; stderr?: string };
    project.provide('pgUrl', '');
    project.provide(
      'pgError',
      `PostgreSQL could not be started by scripts/postgres-test.sh: ${err.stderr || err.message}`,
    );
  }
  return async () => {
    if (dir) await run('bash', [SCRIPT, 'stop', dir], { timeout: 60_000 });
  };
}
