import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SHARED_DIR } from '../golden/paths.js';

const run = promisify(execFile);
const BIN = resolve(import.meta.dirname, '../../src/cli/bin.ts');
const SPX = resolve(SHARED_DIR, 'data/cboe-spx-2022-12-12/spx_quotedata.csv');

/** A resolve hook that writes every module URL the process resolves to stderr, one per line. */
const HOOK = `export async function resolve(s, c, next) { const r = await next(s, c); process.stderr.write('resolved ' + r.url + '\\n'); return r; }`;
const REGISTER = `import { register } from 'node:module'; register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOK)}));`;

/** The module URLs `gexmap …args` resolves, run from the sources as the tests run the CLI. */
async function resolvedBy(args: string[]): Promise<string[]> {
  const { stderr } = await run(
    process.execPath,
    ['--import', 'tsx', '--import', `data:text/javascript,${encodeURIComponent(REGISTER)}`, BIN, ...args],
    { maxBuffer: 64 << 20 },
  );
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('resolved '))
    .map((l) => l.slice('resolved '.length));
}

/** The drivers only a store, a Tardis scan or the assistant server needs. */
const HEAVY = ['/node_modules/@duckdb/', '/node_modules/@modelcontextprotocol/', '/node_modules/pg/'];

describe('start-up loads no database driver or protocol SDK a command does not use', () => {
  it('gexmap --help resolves none of them', async () => {
    const urls = await resolvedBy(['--help']);
    expect(urls.some((u) => u.endsWith('/src/cli/main.ts'))).toBe(true);
    expect(urls.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });

  it('gexmap report --cboe FILE --json builds the report without them', async () => {
    const urls = await resolvedBy(['report', '--cboe', SPX, '--json']);
    expect(urls.some((u) => u.endsWith('/src/analytics/fullReport.ts'))).toBe(true);
    expect(urls.filter((u) => HEAVY.some((h) => u.includes(h)))).toEqual([]);
  });

  it('a command that opens a store does load DuckDB, so the check above can see it', async () => {
    const urls = await resolvedBy(['history', '--db', ':memory:', '--json']).catch((e: { stderr?: string }) =>
      (e.stderr ?? '')
        .split('\n')
        .filter((l) => l.startsWith('resolved '))
        .map((l) => l.slice('resolved '.length)),
    );
    expect(urls.some((u) => u.includes('/node_modules/@duckdb/'))).toBe(true);
  });
});
