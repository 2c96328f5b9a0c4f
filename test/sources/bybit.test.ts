import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../src/analytics/gexReport.js';
import { parseBybitChain } from '../../src/sources/bybit/parse.js';
import { bybitHttp, fetchBybitSnapshot } from '../../src/sources/bybit/rest.js';
import { readDeribitDir } from '../../src/sources/deribit/read.js';
import { SourceError } from '../../src/sources/venue/errors.js';
import { DERIBIT_BTC_DIR } from '../golden/paths.js';
import { venueCapture } from '../support/venueCaptures.js';
import { startBybitReplay } from '../support/venueReplay/bybit.js';
import { RawText, type VenueReplay } from '../support/venueReplay/server.js';

const FAST = {
  backoff: { initialMs: 2, maxMs: 20, factor: 2, jitter: 0.5 },
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};

// Real Bybit answers (../shared/data/venues/bybit): Bybit's own documented instruments-info and
// tickers examples. They name different options, so each test points one at the other's symbol.
const instrumentsCapture = () => venueCapture('bybit', 'rest-instruments-info-option-doc.json');
const tickersCapture = () => venueCapture('bybit', 'rest-tickers-option-doc.json');

/** The captured tickers answer with the captured instrument row re-pointed at its symbol. */
function capturedTicker() {
  const instruments = instrumentsCapture();
  const row = instruments.result.list[0];
  instruments.result.list[0] = {
    ...row,
    symbol: 'BTC-30DEC22-18000-C',
    optionsType: 'Call',
    deliveryTime: String(Date.parse('2022-12-30T08:00:00Z')),
  };
  return { instruments, tickers: tickersCapture(), source: 'capture' };
}

/** The captured instruments answer (a USDT-settled symbol) with the captured ticker row re-pointed at it. */
function capturedInstrument() {
  const tickers = tickersCapture();
  tickers.result.list[0] = { ...tickers.result.list[0], symbol: 'BTC-27MAR26-70000-P-USDT' };
  return { instruments: instrumentsCapture(), tickers, source: 'capture' };
}

describe('parseBybitChain on Bybit’s captured answers', () => {
  it('maps the fields: one coin per contract, markIv as decimal, underlyingPrice as forward, answer time as asOf', () => {
    const s = parseBybitChain(capturedTicker());
    expect(s).toMatchObject({ venue: 'bybit', underlying: 'BTC', spot: 16600.55, asOf: 1672376592395 });
    expect(s.options).toEqual([
      {
        instrument: 'BTC-30DEC22-18000-C',
        expiry: Date.parse('2022-12-30T08:00:00Z'),
        strike: 18000,
        type: 'C',
        openInterest: 6.3,
        iv: 0.7567,
        forward: 16590.42,
        multiplier: 1,
        markPrice: 0.00000009,
      },
    ]);
  });

  it('reads a symbol with the settle coin appended against its deliveryTime, and drops it when not trading', () => {
    const s = parseBybitChain(capturedInstrument());
    expect(s.options.map((o) => [o.instrument, o.strike, o.type, o.expiry])).toEqual([
      ['BTC-27MAR26-70000-P-USDT', 70000, 'P', Date.parse('2026-03-27T08:00:00Z')],
    ]);
    const delivering = capturedInstrument();
    delivering.instruments.result.list[0].status = 'Delivering';
    expect(parseBybitChain(delivering).dropped).toEqual([
      { where: 'BTC-27MAR26-70000-P-USDT', field: 'status', reason: 'inactive-instrument' },
    ]);
  });

  it('refuses a delivery time that disagrees with the symbol, naming both', () => {
    const bad = capturedInstrument();
    bad.instruments.result.list[0].deliveryTime = '1774684800000';
    expect(() => parseBybitChain(bad)).toThrow(
      /BTC-27MAR26-70000-P-USDT: deliveryTime \(2026-03-28T08:00:00.000Z\) disagrees with the symbol/,
    );
  });

  it('names the symbol and field of a non-numeric open interest', () => {
    const bad = capturedTicker();
    bad.tickers.result.list[0].openInterest = '';
    expect(() => parseBybitChain(bad)).toThrow(/BTC-30DEC22-18000-C: openInterest \(""\) is not a number/);
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

  it('retries an HTTP 403 (Bybit’s IP rate limit) with backoff, counted as rate-limited, and then reads the chain', async () => {
    Object.assign(replay.faults, {
      venueError: 2,
      venueErrorStatus: 403,
      venueErrorBody: new RawText('<html>403 Forbidden</html>'),
    });
    const http = bybitHttp({ baseUrl: replay.baseUrl, ...FAST });
    const s = await fetchBybitSnapshot(http, 'BTC');
    expect(s.options.length).toBeGreaterThan(0);
    expect(http.stats.rateLimited).toBe(2);
    replay.clearFaults();
  });

  it('maps retCode 10429 (system frequency protection) to rate-limited, retryable', async () => {
    const body = { retCode: 10429, retMsg: 'System level frequency protection', result: {}, retExtInfo: {}, time: 0 };
    Object.assign(replay.faults, { venueError: 10, venueErrorStatus: 200, venueErrorBody: body });
    const err = await fetchBybitSnapshot(bybitHttp({ baseUrl: replay.baseUrl, ...FAST, retries: 0 }), 'BTC').catch(
      (e: unknown) => e,
    );
    replay.clearFaults();
    expect(err).toBeInstanceOf(SourceError);
    expect(err).toMatchObject({ kind: 'rate-limited', retryable: true, details: { code: '10429' } });
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
