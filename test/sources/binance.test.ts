import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { parseBinanceChain } from '../../src/sources/binance/parse.js';
import { binanceHttp, fetchBinanceSnapshot } from '../../src/sources/binance/rest.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { startBinanceReplay } from '../support/venueReplay/binance.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/binance/${name}.json`, import.meta.url), 'utf8'));
const input = () => ({
  exchangeInfo: fixture('exchangeInfo'),
  marks: fixture('mark'),
  openInterest: [fixture('openInterest')],
  index: fixture('index'),
  underlying: 'BTCUSDT',
  source: 'fixture',
});

describe('parseBinanceChain', () => {
  it('maps the documented fields: unit per contract, markIV as decimal, forward = index·e^{rt}, the underlying only', () => {
    const s = parseBinanceChain(input());
    expect(s).toMatchObject({ venue: 'binance', underlying: 'BTC', spot: 91629.58, asOf: 1763551236870 });
    expect(s.options.map((o) => o.instrument)).toEqual(['BTC-251128-90000-C', 'BTC-251128-85000-P']);
    const t = (1764316800000 - 1763551236870) / (365 * 86_400_000);
    const call = s.options[0]!;
    expect(call).toMatchObject({
      strike: 90000,
      type: 'C',
      openInterest: 125.5,
      iv: 0.4712,
      multiplier: 1,
      expiry: 1764316800000,
    });
    expect(call.forward).toBeCloseTo(91629.58 * Math.exp(0.1 * t), 8);
  });

  it('names the symbol and field of a strike that disagrees with the symbol', () => {
    const bad = input();
    bad.exchangeInfo.optionSymbols[1].strikePrice = '86000';
    expect(() => parseBinanceChain(bad)).toThrow(/BTC-251128-85000-P: strikePrice \(86000\) disagrees with the symbol/);
  });

  it('refuses an error answer, naming the endpoint and the code', () => {
    expect(() => parseBinanceChain({ ...input(), marks: { code: -1003, msg: 'Too many requests' } })).toThrow(
      /\/eapi\/v1\/mark: Binance answered with error -1003/,
    );
  });
});

describe('Binance REST against the replay server', () => {
  let replay: VenueReplay;
  beforeAll(async () => {
    replay = await startBinanceReplay();
  });
  afterAll(async () => {
    await replay.close();
  });

  it('asks open interest once per listed expiry and gives the recorded chain’s map', async () => {
    const s = await fetchBinanceSnapshot(binanceHttp({ baseUrl: replay.baseUrl }), 'BTC');
    const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
    const expiries = new Set(deribit.options.map((o) => o.expiry));
    expect(replay.hits.get('/eapi/v1/openInterest')).toBeGreaterThanOrEqual(expiries.size);
    expect(s.options.length).toBe(deribit.options.length);
    const a = buildGexReport(s);
    const b = buildGexReport(deribit);
    expect(Math.abs(a.netGex - b.netGex)).toBeLessThan(1e-6 * Math.abs(b.netGex));
  });
});
