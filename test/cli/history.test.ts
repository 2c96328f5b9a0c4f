import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { recordOf } from '../../src/history/summary.js';
import { readDeribitDir } from '../../src/sources/deribit/index.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { testSnapshot } from '../store/contract.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

const HOUR = 3_600_000;
let dir: string;
let db: string;
let real: ChainSnapshot;
let moved: ChainSnapshot;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'gexmap-hist-cli-'));
  db = join(dir, 'h.duckdb');
  real = await readDeribitDir(DERIBIT_BTC_DIR);
  // an hour later, spot and every forward 3 % higher
  moved = {
    ...real,
    asOf: real.asOf + HOUR,
    spot: real.spot * 1.03,
    options: real.options.map((o) => ({ ...o, forward: o.forward * 1.03 })),
  };
  const store = await DuckDbStore.open(db);
  await store.writeSnapshots([
    recordOf(real),
    recordOf(moved),
    recordOf(testSnapshot(real.asOf, 2, { underlying: 'ETH' })),
  ]);
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('gexmap history', () => {
  it('prints the stored summaries of one chain as JSON, in time order, with the conventions they were computed with', async () => {
    const r = await run(['history', '--db', db, '--underlying', 'BTC', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      venue: string;
      underlying: string;
      summary: string;
      points: { asOf: number; netGex: number }[];
    };
    expect(out.venue).toBe('deribit');
    expect(out.summary).toContain('classic positioning');
    expect(out.points.map((p) => p.asOf)).toEqual([real.asOf, moved.asOf]);
    expect(out.points[0]!.netGex).toBe(recordOf(real).summary.netGex);
  });

  it('charts net GEX and spot and tables the latest rows as text', async () => {
    const r = await run(['history', '--db', db, '--underlying', 'BTC', '--rows', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('gexmap history · deribit BTC · 2 snapshots');
    expect(r.stdout).toContain('Net GEX (USD per 1 % move, M)');
    expect(r.stdout).toContain(new Date(moved.asOf).toISOString().replace('.000Z', 'Z'));
    expect(r.stdout).not.toContain(`│ ${new Date(real.asOf).toISOString().replace('.000Z', 'Z')}`);
  });

  it('asks which chain when the store holds several, with exit 2', async () => {
    const r = await run(['history', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('the store holds several chains (deribit BTC, deribit ETH)');
  });
});

describe('gexmap report --db FILE --at TIME', () => {
  it('reports the stored snapshot at or before --at bit for bit as the chain it was recorded from', async () => {
    const at = new Date(real.asOf + HOUR / 2).toISOString();
    const stored = await run(['report', '--db', db, '--underlying', 'BTC', '--at', at, '--json']);
    const direct = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json']);
    expect(stored.code, stored.stderr).toBe(0);
    const a = JSON.parse(stored.stdout);
    const b = JSON.parse(direct.stdout);
    // the options come back in the order they were written: every sum, to the last bit
    expect(a).toEqual(b);
    const latest = JSON.parse((await run(['report', '--db', db, '--underlying', 'BTC', '--json'])).stdout);
    expect(latest.asOf).toBe(new Date(moved.asOf).toISOString());
  });

  it('says when nothing was stored by then, and refuses --at without a store, with exit 2', async () => {
    const early = await run(['report', '--db', db, '--underlying', 'BTC', '--at', '2020-01-01T00:00Z']);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('no stored snapshot of BTC at or before 2020-01-01T00:00:00.000Z');
    const noStore = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--at', '2025-11-19T00:00Z']);
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toContain('--underlying and --at choose a stored snapshot');
  });
});
