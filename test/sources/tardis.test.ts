import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChainSnapshot } from '../../src/chain/types.js';
import { runCli } from '../../src/cli/main.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { TARDIS_OPTIONS_CHAIN_HEADER } from '../../src/sources/tardis/format.js';
import { readTardisOptionsChain } from '../../src/sources/tardis/optionsChain.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { tardisRow as row } from '../support/tardisRow.js';

const HOUR = 3_600_000;
let real: ChainSnapshot;
let dir: string;
let csv: string;
let t0: number;

beforeAll(async () => {
  real = await readDeribitDir(DERIBIT_BTC_DIR);
  dir = mkdtempSync(join(tmpdir(), 'gexmap-tardis-'));
  csv = join(dir, 'deribit_options_chain.csv');
  t0 = Math.floor(real.asOf / HOUR) * HOUR; // the hour the recorded chain falls in
  const lines = [TARDIS_OPTIONS_CHAIN_HEADER.join(',')];
  // hour 1: every option of the recorded chain once, plus one zero-OI and one IV-less row
  real.options.forEach((o, i) => {
    lines.push(row(o, t0 + 60_000 + i));
  });
  lines.push(row(real.options[0]!, t0 + 120_000, { symbol: 'BTC-ZERO-1-C', open_interest: '0' }));
  lines.push(row(real.options[1]!, t0 + 120_001, { symbol: 'BTC-NOIV-1-P', mark_iv: '' }));
  // hour 2: the first option's open interest changes; everything else carries over
  lines.push(row({ ...real.options[0]!, openInterest: 999 }, t0 + HOUR + 5_000));
  writeFileSync(csv, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Tardis options_chain import', () => {
  it('streams the file into one snapshot per interval holding each option’s latest row, as the Deribit reader reads it', async () => {
    const progress: [number, number][] = [];
    const snaps: ChainSnapshot[] = [];
    for await (const s of readTardisOptionsChain(csv, { onProgress: (a, b) => progress.push([a, b]) })) snaps.push(s);
    expect(snaps.map((s) => s.asOf)).toEqual([t0 + HOUR, t0 + 2 * HOUR]);
    const first = snaps[0]!;
    expect(first.underlying).toBe('BTC');
    // stored and served as it is: the file's name, not the folder it was imported from
    expect(first.source).toBe(`${basename(csv)} (Tardis options_chain)`);
    expect(first.options).toHaveLength(real.options.length);
    const want = new Map(real.options.map((o) => [o.instrument, o]));
    for (const o of first.options) {
      const w = want.get(o.instrument)!;
      expect({ strike: o.strike, type: o.type, expiry: o.expiry, oi: o.openInterest, forward: o.forward }).toEqual({
        strike: w.strike,
        type: w.type,
        expiry: w.expiry,
        oi: w.openInterest,
        forward: w.forward,
      });
      expect(o.iv).toBeCloseTo(w.iv, 12); // mark_iv percent → decimal
      expect(o.markPrice!).toBeCloseTo(w.markPrice!, 8); // coins × underlying_price → USD
    }
    expect(first.dropped.map((d) => d.reason).sort()).toEqual(['no-implied-vol', 'zero-open-interest']);
    const second = snaps[1]!;
    expect(second.options.find((o) => o.instrument === real.options[0]!.instrument)!.openInterest).toBe(999);
    expect(second.options).toHaveLength(real.options.length);
    expect(progress.at(-1)).toEqual([statSync(csv).size, statSync(csv).size]);
  });

  it('rejects a file whose header is not options_chain and a row with a non-numeric cell, naming the line and field', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'exchange,symbol,timestamp\nderibit,X,1\n');
    await expect(async () => {
      for await (const _ of readTardisOptionsChain(bad));
    }).rejects.toThrow(/line 1: header/);
    const badCell = join(dir, 'badcell.csv');
    writeFileSync(
      badCell,
      `${TARDIS_OPTIONS_CHAIN_HEADER.join(',')}\n${row(real.options[0]!, t0, { strike_price: 'abc' })}\n`,
    );
    await expect(async () => {
      for await (const _ of readTardisOptionsChain(badCell));
    }).rejects.toThrow(/line 2: strike_price \("abc"\) is not a number/);
    // a cell quoted in the message is escaped: no escape sequence or bell reaches the terminal
    writeFileSync(
      badCell,
      `${TARDIS_OPTIONS_CHAIN_HEADER.join(',')}\n${row(real.options[0]!, t0, { strike_price: '\u001b[31m1\u0007' })}\n`,
    );
    await expect(async () => {
      for await (const _ of readTardisOptionsChain(badCell));
    }).rejects.toThrow('line 2: strike_price ("\\u001b[31m1\\u0007") is not a number');
  });

  it('gexmap import-tardis writes the snapshots with their summaries and prints a progress line; a rerun adds nothing', async () => {
    const db = join(dir, 'tardis.duckdb');
    let stderr = '';
    let stdout = '';
    const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), color: false };
    expect(await runCli(['import-tardis', csv, '--db', db, '--interval', '1h'], io)).toBe(0);
    expect(stdout).toContain('imported 2 snapshots');
    expect(stderr).toMatch(/import \d+\.\d MB \/ \d+\.\d MB \(100\.0 %\)/);
    expect(await runCli(['import-tardis', csv, '--db', db], io)).toBe(0);
    expect(stdout).toContain('imported 0 snapshots (2 already stored');
    const store = await DuckDbStore.open(db, { readOnly: true });
    const sums = await store.readSummaries();
    await store.close();
    expect(sums).toHaveLength(2);
    expect(sums[0]!.regime).toBe('negative');
    expect(sums[0]!.options).toBe(real.options.length);
  });
});
