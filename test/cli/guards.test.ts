import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { recordOf } from '../../src/history/summary.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

let dir: string;
let real: ChainSnapshot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gexmap-guards-'));
  real = await readDeribitDir(DERIBIT_BTC_DIR);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gexmap report refuses sizes and outputs that cannot be right', () => {
  it('refuses a positions book holding 1e9 contracts of one option, naming it (exit 2, as any bad --positions file)', async () => {
    const book = join(dir, 'book.json');
    const name = 'BTC-26DEC25-100000-C';
    const args = ['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json', '--positioning', 'positions'];
    writeFileSync(book, JSON.stringify({ [name]: -999_999_999 }));
    expect((await run([...args, '--positions', book])).code).toBe(0);
    writeFileSync(book, JSON.stringify({ [name]: -1e9 }));
    const r = await run([...args, '--positions', book]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `gexmap: positions file ${book}: positions["${name}"]: -1000000000 contracts is not a plausible position (its size must be below 1e9)\n`,
    );
  });

  it('refuses to print a report or a history whose numbers are not finite (exit 1, naming the stage and the path), rather than "netGex": null', async () => {
    // A store written before the edge refused such sizes: the snapshot comes back as it was stored.
    const db = join(dir, 'old.duckdb');
    const first = real.options.findIndex((o) => o.type === 'C');
    const huge = { ...real, options: real.options.map((o, i) => (i === first ? { ...o, openInterest: 1e308 } : o)) };
    const store = await DuckDbStore.open(db);
    await store.writeSnapshot(recordOf(huge));
    await store.close();
    const r = await run(['report', '--db', db, '--json']);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^gexmap: refused to print: gexmap report: report\.\S+ is (-?Infinity|NaN), not a finite number\n$/,
    );
    const h = await run(['history', '--db', db, '--json']);
    expect(h.stdout).toBe('');
    expect(h.code).toBe(1);
    expect(h.stderr).toMatch(
      /^gexmap: refused to print: gexmap history: points\[0\]\.\S+ is (-?Infinity|NaN), not a finite number\n$/,
    );
  });
});
