import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { parseBinanceChain } from '../../src/sources/binance/parse.js';
import { binanceHttp, fetchBinanceSnapshot } from '../../src/sources/binance/rest.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { venueCapture } from '../support/venueCaptures.js';
import { startBinanceReplay } from '../support/venueReplay/binance.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

// Binance's answers as captured (../shared/data/venues/binance, see its SOURCE.txt): a live mark row
// of BTC-250712-110000-C (riskFreeInterest 0.065) and the connector's documented exchangeInfo,
// openInterest and index examples, their rows pointed at that symbol (and an ETH symbol beside it).
const capture = (file: string) => venueCapture('binance', file);
const EXPIRY = Date.parse('2025-07-12T08:00:00Z');

function input() {
  const docs = capture('rest-docs-examples-connector.json');
  const [mark] = capture('rest-mark-live-row-GEC.json');
  const symbol = docs.exchangeInfo.optionSymbols[0];
  const btc = { ...symbol, symbol: 'BTC-250712-110000-C', strikePrice: '110000', expiryDate: EXPIRY };
  const eth = {
    ...symbol,
    symbol: 'ETH-250712-3000-C',
    strikePrice: '3000',
    underlying: 'ETHUSDT',
    expiryDate: EXPIRY,
  };
  return {
    exchangeInfo: { ...docs.exchangeInfo, optionSymbols: [btc, eth] },
    marks: [mark],
    openInterest: [[{ ...docs.openInterest[0], symbol: 'BTC-250712-110000-C' }]],
    index: { ...docs.index, time: Date.parse('2025-07-10T12:00:00Z') },
    underlying: 'BTCUSDT',
    source: 'capture',
  };
}

describe('parseBinanceChain on Binance’s captured answers', () => {
  it('maps the fields: unit per contract, markIV as decimal, forward = index·e^{rt} with riskFreeInterest, the underlying only', () => {
    const s = parseBinanceChain(input());
    const asOf = Date.parse('2025-07-10T12:00:00Z');
    expect(s).toMatchObject({ venue: 'binance', underlying: 'BTC', spot: 105917.75, asOf });
    expect(s.options.map((o) => o.instrument)).toEqual(['BTC-250712-110000-C']);
    const t = (EXPIRY - asOf) / (365 * 86_400_000);
    const call = s.options[0]!;
    expect(call).toMatchObject({
      strike: 110000,
      type: 'C',
      openInterest: 4.01,
      iv: 0.2705723,
      multiplier: 1,
      expiry: EXPIRY,
    });
    expect(call.forward).toBeCloseTo(105917.75 * Math.exp(0.065 * t), 8);
  });

  it('names the symbol and field of a strike that disagrees with the symbol', () => {
    const bad = input();
    bad.exchangeInfo.optionSymbols[0].strikePrice = '111000';
    expect(() => parseBinanceChain(bad)).toThrow(
      /BTC-250712-110000-C: strikePrice \(111000\) disagrees with the symbol/,
    );
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
