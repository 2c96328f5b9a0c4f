import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/main.js';
import { fmtUsd } from '../../src/report/format.js';
import { DuckDbStore } from '../../src/store/duckdb.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { waitFor } from '../sources/deribitLive/helpers.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../support/deribitReplay/index.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import {
  OKX_RATE_LIMIT,
  okxPayloads,
  okxSubscriptions,
  pushOptSummary,
  startOkxReplay,
} from '../support/venueReplay/okx.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

async function run(args: string[], width?: number) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t), color: false };
  const code = await runCli(args, width === undefined ? io : { ...io, width });
  return { code, stdout, stderr };
}

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/csv/${name}`, import.meta.url));

const OKX_WATCH = { ctVal: '0.01', ctMult: '1', oiShare: (o: { type: string }) => (o.type === 'C' ? 0.25 : 0.5) };
let okx: VenueReplay;
let deribit: DeribitReplay;
let bybit: VenueReplay;
beforeAll(async () => {
  bybit = await startBybitReplay({ oiShare: (o) => (o.strike >= 90_000 ? 0.6 : 0.05) });
  okx = await startOkxReplay(OKX_WATCH);
  deribit = await startDeribitReplay({ markets: [recordedBtcMarket({ historyTrades: 0 })] });
});
afterAll(async () => {
  await okx.close();
  await deribit.close();
  await bybit.close();
});

describe('gexmap report --csv FILE --mapping MAP.json', () => {
  it('reports the mapped chain', async () => {
    const { code, stdout } = await run([
      'report',
      '--csv',
      fixture('chain.csv'),
      '--mapping',
      fixture('mapping.json'),
      '--json',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.venue).toBe('desk');
    expect(r.counts.options).toBe(2);
    expect(r.dropped).toEqual({ 'zero-open-interest': 1 });
  });

  it('exits 1 naming the line and field of a bad cell, and 2 when the mapping is missing', async () => {
    const bad = await run(['report', '--csv', fixture('chain.csv'), '--mapping', fixture('chain.csv')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/mapping .*not JSON/);
    const usage = await run(['report', '--csv', fixture('chain.csv')]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--csv FILE and --mapping MAP.json go together');
  });
});

describe('gexmap report --venue okx | deribit,okx', () => {
  it('reads the OKX chain from its REST API', async () => {
    const { code, stdout } = await run([
      'report',
      '--venue',
      'okx',
      '--currency',
      'BTC',
      '--base-url',
      okx.baseUrl,
      '--json',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.venue).toBe('okx');
    expect(r.venues).toBeUndefined();
    expect(okx.queries.get('/api/v5/public/opt-summary')?.at(-1)?.get('instFamily')).toBe('BTC-USD');
  });

  it('aggregates Deribit and OKX into one map with a per-venue breakdown whose net GEX adds up', async () => {
    const urls = `deribit=${deribit.baseUrl},okx=${okx.baseUrl}`;
    const { code, stdout } = await run([
      'report',
      '--venue',
      'deribit,okx',
      '--currency',
      'BTC',
      '--base-url',
      urls,
      '--json',
    ]);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.venue).toBe('aggregate');
    expect(r.venues.venues.map((v: { venue: string }) => v.venue)).toEqual(['deribit', 'okx']);
    const sum = r.venues.venues.reduce((s: number, v: { netGex: number }) => s + v.netGex, 0);
    expect(Math.abs(sum - r.netGex)).toBeLessThan(1e-9 * Math.abs(r.netGex));
    const text = await run(['report', '--venue', 'deribit,okx', '--currency', 'BTC', '--base-url', urls]);
    expect(text.stdout).toMatch(/By venue[\s\S]*deribit[\s\S]*okx/);
    // the per-venue table fits a narrow terminal by dropping columns, its rows whole
    for (const width of [40, 60, 160]) {
      const narrow = await run(['report', '--venue', 'deribit,okx', '--currency', 'BTC', '--base-url', urls], width);
      expect(narrow.stdout.split('\n').filter((l) => [...l].length > width)).toEqual([]);
      expect(narrow.stdout).toMatch(/\nvenue +options +net GEX|\nvenue +net GEX/);
      expect(narrow.stdout).toMatch(/\nokx +/);
    }
  });

  it('aggregates three venues with spot from the named reference venue', async () => {
    const urls = `deribit=${deribit.baseUrl},okx=${okx.baseUrl},bybit=${bybit.baseUrl}`;
    const args = [
      'report',
      '--venue',
      'okx,bybit,deribit',
      '--currency',
      'BTC',
      '--base-url',
      urls,
      '--reference-venue',
      'deribit',
      '--json',
    ];
    const { code, stdout } = await run(args);
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.venues.venues.map((v: { venue: string }) => v.venue)).toEqual(['okx', 'bybit', 'deribit']);
    const single = JSON.parse((await run(['report', '--deribit-dir', DERIBIT_BTC_DIR, '--json'])).stdout);
    expect(r.spot).toBe(single.spot);
    const sum = r.venues.venues.reduce((s: number, v: { netGex: number }) => s + v.netGex, 0);
    expect(Math.abs(sum - r.netGex)).toBeLessThan(1e-9 * Math.abs(r.netGex));
  });

  it('exits 3 naming OKX when it keeps rate-limiting', async () => {
    Object.assign(okx.faults, {
      venueError: 100,
      venueErrorStatus: OKX_RATE_LIMIT.status,
      venueErrorBody: OKX_RATE_LIMIT.body,
    });
    const { code, stderr } = await run([
      'report',
      '--venue',
      'okx',
      '--currency',
      'BTC',
      '--base-url',
      okx.baseUrl,
      '--retries',
      '0',
    ]);
    okx.clearFaults();
    expect(code).toBe(3);
    expect(stderr).toContain('OKX error 50011');
    expect(stderr).toContain('rate-limiting');
  });

  it('refuses an unknown venue and a single base URL for several venues', async () => {
    const unknown = await run(['report', '--venue', 'kraken', '--currency', 'BTC']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('--venue kraken is not supported');
    const single = await run(['report', '--venue', 'deribit,okx', '--currency', 'BTC', '--base-url', okx.baseUrl]);
    expect(single.code).toBe(2);
    expect(single.stderr).toContain('venue=URL pairs');
  });
});

describe('gexmap record --venue deribit,okx', () => {
  it('records each venue into the store and says so per snapshot', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-rec-cli-'));
    try {
      const db = join(dir, 'h.duckdb');
      const { code, stderr } = await run([
        'record',
        '--venue',
        'deribit,okx',
        '--currency',
        'BTC',
        '--base-url',
        `deribit=${deribit.baseUrl},okx=${okx.baseUrl}`,
        '--rounds',
        '1',
        '--db',
        db,
      ]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain('recording deribit, okx BTC every 60 s');
      expect(stderr).toMatch(/stored okx BTC/);
      const store = await DuckDbStore.open(db, { readOnly: true });
      expect((await store.listSnapshots()).map((s) => s.venue).sort()).toEqual(['deribit', 'okx']);
      await store.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries a refused request --retries times within the round, and refuses a round count that is not one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gexmap-rec-cli-'));
    try {
      const args = (db: string, retries: string) => [
        'record',
        '--venue',
        'okx',
        '--base-url',
        okx.baseUrl,
        '--rounds',
        '1',
        '--retries',
        retries,
        '--db',
        join(dir, db),
      ];
      okx.faults.http429 = 1;
      const none = await run(args('a.duckdb', '0'));
      // the one round stored nothing: cron must see it
      expect(none.code).toBe(3);
      expect(none.stderr).toMatch(/venue error for okx BTC: .*HTTP 429/);
      expect(none.stderr).toMatch(
        /gexmap: record: 1 of 1 round\(s\) stored nothing \(last: every venue failed, okx BTC: .*HTTP 429/,
      );
      okx.faults.http429 = 1;
      const one = await run(args('b.duckdb', '1'));
      expect(one.stderr).toMatch(/stored okx BTC/);
      const bad = await run(['record', '--venue', 'okx', '--rounds', 'abc', '--db', join(dir, 'c.duckdb')]);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toContain('--rounds abc must be an integer of at least 1');
    } finally {
      okx.clearFaults();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown venue with exit 2 before opening any store', async () => {
    const { code, stderr } = await run(['record', '--venue', 'kraken', '--db', '/nonexistent/dir/h.duckdb']);
    expect(code).toBe(2);
    expect(stderr).toContain('--venue kraken is not supported; live venues: deribit, okx, bybit, binance');
  });
});

describe('gexmap watch --venue okx', () => {
  it('draws the OKX chain from its REST snapshot and redraws as the WebSocket pushes, numbers as the report', async () => {
    const args = ['--venue', 'okx', '--currency', 'BTC', '--base-url', okx.baseUrl];
    const report = await run(['report', ...args, '--json']);
    const r = JSON.parse(report.stdout) as { netGex: number };
    let stdout = '';
    const watching = runCli(
      ['watch', ...args, '--ws-url', okx.wsUrl, '--frames', '2', '--refresh', '0', '--rows', '5'],
      { stdout: (t) => (stdout += t), stderr: () => {}, color: false },
    );
    await waitFor(() => stdout.includes('frame 1'), 'the first frame');
    await waitFor(() => okx.wsClients().length > 0 && okxSubscriptions.has(okx.wsClients()[0]!), 'the subscription');
    const rows = (okxPayloads(OKX_WATCH).summaries.data as Record<string, string>[]).slice(0, 4);
    pushOptSummary(
      okx,
      rows.map((row) => ({ ...row, markVol: String(Number(row.markVol) + 0.1), ts: String(Number(row.ts) + 1000) })),
    );
    expect(await watching).toBe(0);
    const frames = stdout.split('gexmap watch · okx BTC').slice(1);
    expect(frames).toHaveLength(2);
    expect(frames[0]).toContain('● LIVE');
    expect(frames[0]).toContain(`Net GEX    ${fmtUsd(r.netGex)} USD per 1 % move`);
    expect(frames[1]).toContain('1 updates');
    expect(frames[1]).not.toContain(`Net GEX    ${fmtUsd(r.netGex)} USD`);
  });

  it('exits 3 with the venue answer when the first REST snapshot is refused', async () => {
    okx.faults.http429 = 100;
    try {
      const r = await run(['watch', '--venue', 'okx', '--currency', 'BTC', '--base-url', okx.baseUrl, '--frames', '1']);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/^gexmap: venue: okx .*HTTP 429/);
    } finally {
      okx.clearFaults();
    }
  });

  it('refuses flow positioning on a venue without a trade tape, with exit 2', async () => {
    const r = await run(['watch', '--venue', 'okx', '--currency', 'BTC', '--positioning', 'flow']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--positioning flow and the trade tape are Deribit's");
  });
});
