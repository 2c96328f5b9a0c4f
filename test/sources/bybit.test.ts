import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { bybitHttp, fetchBybitSnapshot } from '../../src/sources/bybit/rest.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import type { VenueReplay } from '../support/venueReplay/server.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/bybit/${name}.json`, import.meta.url), 'utf8'));
const input = () => ({ instruments: fixture('instruments-info'), tickers: fixture('tickers'), source: 'fixture' });

describe('parseBybitChain', () => {
  it('maps the documented fields: one coin per contract, markIv as decimal, underlyingPrice as forward, answer time as asOf', () => {
    const s = parseBybitChain(input());
    expect(s).toMatchObject({ venue: 'bybit', underlying: 'BTC', spot: 91629.58, asOf: 1763551236870 });
    expect(s.options[0]).toEqual({
      instrument: 'BTC-28NOV25-90000-C',
      expiry: Date.parse('2025-11-28T08:00:00Z'),
      strike: 90000,
      type: 'C',
      openInterest: 125.5,
      iv: 0.4712,
      forward: 91635.5,
      multiplier: 1,
      markPrice: 4161.25,
    });
  });

  it('reads a symbol with the settle coin appended, and drops an instrument that is not trading', () => {
    const s = parseBybitChain(input());
    expect(s.options.map((o) => o.instrument)).toEqual(['BTC-28NOV25-90000-C', 'BTC-28NOV25-85000-P-USDT']);
    expect(s.dropped).toEqual([{ where: 'BTC-28NOV25-95000-C', field: 'status', reason: 'inactive-instrument' }]);
  });

  it('refuses a delivery time that disagrees with the symbol, naming both', () => {
    const bad = input();
    bad.instruments.result.list[0].deliveryTime = '1764403200000';
    expect(() => parseBybitChain(bad)).toThrow(
      /BTC-28NOV25-90000-C: deliveryTime \(2025-11-29T08:00:00.000Z\) disagrees with the symbol/,
    );
  });

  it('names the symbol and field of a non-numeric open interest', () => {
    const bad = input();
    bad.tickers.result.list[1].openInterest = '';
    expect(() => parseBybitChain(bad)).toThrow(/BTC-28NOV25-85000-P-USDT: openInterest \(""\) is not a number/);
  });
});

describe('Bybit REST against the replay server', () => {
  let replay: VenueReplay;
  beforeAll(async () => {
    replay = await startBybitReplay();
  });
  afterAll(async () => {
    await replay.close();
  });

  it('follows nextPageCursor through every instruments page and gives the recorded chain’s map', async () => {
    const s = await fetchBybitSnapshot(bybitHttp({ baseUrl: replay.baseUrl }), 'BTC');
    const deribit = await readDeribitDir(DERIBIT_BTC_DIR);
    expect(replay.hits.get('/v5/market/instruments-info')).toBeGreaterThan(1);
    expect(s.options.length).toBe(deribit.options.length);
    const a = buildGexReport(s);
    const b = buildGexReport(deribit);
    expect(Math.abs(a.netGex - b.netGex)).toBeLessThan(1e-9 * Math.abs(b.netGex));
  });
});
