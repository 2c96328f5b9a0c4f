import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { CBOE_SPX_FILE, DERIBIT_BTC_DIR } from '../golden/paths.js';

async function run(args: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), color: false });
  return { code, stdout, stderr };
}

describe('gexmap report --json', () => {
  it('prints one JSON object with the documented fields for the Deribit chain', async () => {
    const { code, stdout } = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json']);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.asOf).toBe('2025-11-19T11:20:36.882Z');
    expect(r).toMatchObject({
      venue: 'deribit',
      underlying: 'BTC',
      regime: 'negative',
      callWall: 100000,
      putWall: 90000,
    });
    expect(typeof r.spot).toBe('number');
    expect(typeof r.netGex).toBe('number');
    expect(typeof r.conventions.gex).toBe('string');
    expect(r.gammaFlips).toEqual([...r.gammaFlips].sort((a: number, b: number) => a - b));
    expect(r.nearestFlip).toBe(r.gammaFlips[0]);
    expect(r.absGammaStrike).toBe(90000);
    expect(r.maxPain[0]).toEqual({ expiry: '2025-11-20T08:00:00.000Z', strike: 92000, payout: expect.any(Number) });
    expect(Object.keys(r.byStrike[0]).sort()).toEqual(['callGex', 'callOi', 'netGex', 'putGex', 'putOi', 'strike']);
    expect(r.dropped).toEqual({ 'zero-open-interest': 74 });
  });

  it('applies --expiries, --range and --positioning', async () => {
    const { stdout } = await run([
      'report',
      '--deribit-dir',
      DERIBIT_BTC_DIR,
      '--json',
      '--expiries',
      'next',
      '--range',
      '5',
      '--positioning',
      'customer-long',
    ]);
    const r = JSON.parse(stdout);
    expect(r.byExpiry).toHaveLength(1);
    expect(r.positioning).toBe('customer-long');
    expect(r.range.lo).toBeCloseTo(r.spot * 0.95, 6);
    expect(r.netGex).toBeLessThan(0);
  });

  it('reads a positions file for --positioning positions and names an unknown instrument', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-pos-'));
    const good = join(dir, 'book.json');
    writeFileSync(good, JSON.stringify({ 'BTC-26DEC25-100000-C': -250 }));
    const ok = await run([
      'report',
      '--deribit-dir',
      DERIBIT_BTC_DIR,
      '--json',
      '--positioning',
      'positions',
      '--positions',
      good,
    ]);
    expect(ok.code).toBe(0);
    const r = JSON.parse(ok.stdout);
    expect(r.netGex).toBeLessThan(0);
    expect(r.counts.unpositioned).toBe(685);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ 'BTC-1JAN20-1000-C': 1 }));
    const no = await run([
      'report',
      '--deribit-dir',
      DERIBIT_BTC_DIR,
      '--positioning',
      'positions',
      '--positions',
      bad,
    ]);
    expect(no.code).toBe(1);
    expect(no.stderr).toMatch(/BTC-1JAN20-1000-C/);
  });
});

describe('gexmap report (text)', () => {
  it('shows spot, net GEX, regime meaning, flip, walls, max pain, clusters, drops, conventions and charts', async () => {
    const { code, stdout } = await run(['report', '--cboe', CBOE_SPX_FILE, '--rows', '10']);
    expect(code).toBe(0);
    for (const text of [
      'spot 3,990.56',
      'Net GEX at spot',
      'Regime           NEGATIVE\n                 dealers short gamma',
      'Gamma flip       nearest 4,004.6', // AM SPX monthlies expire at 09:30 (4,005.18 with them at 16:00)
      'Call wall',
      'Max pain',
      'OI clusters',
      'expired 286',
      'GEX by strike around spot',
      '◀ spot',
      '◀ flip',
      'S = spot, F = gamma flip',
      'caveat: GEX maps dealer hedging mechanics',
    ]) {
      expect(stdout).toContain(text);
    }
  });
});

describe('gexmap report on bad input', () => {
  it('exits 1 naming line and field for a truncated CBOE file, printing no report', async () => {
    const text = readFileSync(CBOE_SPX_FILE, 'utf8');
    const cut = text.slice(0, Math.floor(text.length / 2));
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-cut-'));
    const file = join(dir, 'cut.csv');
    writeFileSync(file, cut);
    const { code, stdout, stderr } = await run(['report', '--cboe', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/line \d+/);
  });

  it('exits 2 with a usage message for no source, two sources or a bad option value', async () => {
    expect((await run(['report'])).code).toBe(2);
    expect((await run(['report', '--cboe', CBOE_SPX_FILE, '--deribit-dir', DERIBIT_BTC_DIR])).stderr).toMatch(
      /exactly one/,
    );
    const badRange = await run(['report', '--cboe', CBOE_SPX_FILE, '--range', 'wide']);
    expect(badRange.code).toBe(2);
    expect(badRange.stderr).toMatch(/--range wide is not a percentage/);
    const badView = await run(['report', '--cboe', CBOE_SPX_FILE, '--expiries', 'soon']);
    expect(badView.stderr).toMatch(/--expiries soon must be all, next/);
    expect((await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--rate', '0.05'])).code).toBe(2);
  });

  it('exits 1 for a missing file', async () => {
    const r = await run(['report', '--deribit-dir', '/nonexistent/gexmap']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/nonexistent/);
  });
});

describe('the source a report names', () => {
  it('is the base name of a file or folder, not its path on this machine', async () => {
    const cboe = JSON.parse((await run(['report', '--cboe', CBOE_SPX_FILE, '--json'])).stdout);
    expect(cboe.source).toBe('spx_quotedata.csv');
    const deribit = JSON.parse((await run(['report', '--deribit-dir', `${DERIBIT_BTC_DIR}/`, '--json'])).stdout);
    expect(deribit.source).toBe('deribit-btc-2025-11-19');
    const fixtures = resolve(import.meta.dirname, '../fixtures/csv');
    const csv = await run([
      'report',
      '--csv',
      join(fixtures, 'chain.csv'),
      '--mapping',
      join(fixtures, 'mapping.json'),
      '--json',
    ]);
    expect(JSON.parse(csv.stdout).source).toBe('chain.csv');
  });
});

describe('the gexmap executable', () => {
  it('runs as a process and sets a non-zero exit code on bad input', async () => {
    const exec = promisify(execFile);
    const bin = resolve(import.meta.dirname, '../../src/cli/bin.ts');
    const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    const ok = await exec(tsx, [bin, 'report', '--deribit-dir', DERIBIT_BTC_DIR, '--json']);
    expect(JSON.parse(ok.stdout).venue).toBe('deribit');
    await expect(exec(tsx, [bin, 'report', '--cboe', '/nonexistent.csv'])).rejects.toMatchObject({ code: 1 });
  });
});

describe('gexmap report --forward and --as-of (CBOE chains)', () => {
  const INTRADAY = resolve(CBOE_SPX_FILE, '../../cboe-spx-history/spx_quotedata_2023-06-09_1340ET.csv');
  const json = async (args: string[]) => {
    const r = await run(['report', '--cboe', INTRADAY, '--json', ...args]);
    expect([r.code, r.stderr]).toEqual([0, '']);
    return JSON.parse(r.stdout) as { asOf: string; netGex: number; conventions: Record<string, string> };
  };

  it('--forward implied prices Black-76 on parity forwards and says so; the default stays BSM on spot', async () => {
    const spot = await json([]);
    const implied = await json(['--forward', 'implied']);
    expect(spot.conventions.model).toMatch(/^Black-Scholes-Merton on spot, rate 0, yield 0/);
    expect(spot.conventions.forwardSource).toMatch(/^spot·e\^\{\(r−q\)t\} with rate 0 and yield 0/);
    expect(implied.conventions.model).toMatch(/^Black-76 on each expiry's own forward/);
    expect(implied.conventions.forwardSource).toMatch(/put-call parity per expiry: .*; 53 of 53 expiries implied$/);
    expect(implied.netGex).not.toBeCloseTo(spot.netGex, -8);
  });

  it('--as-of overrides the date line, and is stated; a time without a zone or another source is refused', async () => {
    const r = await json(['--as-of', '2023-06-09T15:00:00-04:00']);
    expect(r.asOf).toBe('2023-06-09T19:00:00.000Z');
    expect(r.conventions.asOfSource).toBe('2023-06-09T19:00:00.000Z, given by --as-of');
    const noZone = await run(['report', '--cboe', INTRADAY, '--as-of', '2023-06-09 15:00']);
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toMatch(/--as-of "2023-06-09 15:00" is not an ISO instant with a zone/);
    const deribit = await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--forward', 'implied']);
    expect(deribit.code).toBe(2);
    expect(deribit.stderr).toMatch(/--forward applies to CBOE chains/);
  });
});
