import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildGexReport } from '../../../src/analytics/gexReport.js';
import { readDeribitDir } from '../../../src/sources/deribit/index.js';
import { DeribitHttp } from '../../../src/sources/deribit/live/http.js';
import { deribitMarket } from '../../../src/sources/deribit/live/market.js';
import { fetchDeribitSnapshot } from '../../../src/sources/deribit/live/snapshot.js';
import { SourceError } from '../../../src/sources/venue/errors.js';
import { DERIBIT_BTC_DIR } from '../../golden/paths.js';
import {
  type DeribitReplay,
  linearMarketFromBtc,
  recordedBtcMarket,
  startDeribitReplay,
} from '../../support/deribitReplay/index.js';
import { fastHttp } from './helpers.js';

let replay: DeribitReplay;
const BTC = deribitMarket('BTC');

beforeAll(async () => {
  replay = await startDeribitReplay({
    markets: [
      recordedBtcMarket({ historyTrades: 0 }),
      linearMarketFromBtc({ base: 'SOL', scale: 500, contractSize: 10 }),
      linearMarketFromBtc({ base: 'XRP', scale: 40_000, contractSize: 1000, tradeIdBase: 2_000_000 }),
    ],
  });
});
afterAll(async () => {
  await replay.close();
});
afterEach(() => {
  replay.clearFaults();
  replay.stats.http.clear();
});

async function failure(p: Promise<unknown>): Promise<SourceError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SourceError);
    return e as SourceError;
  }
  throw new Error('expected a SourceError');
}

describe('REST snapshot (get_instruments + get_book_summary_by_currency + get_index_price)', () => {
  it('parses to exactly the chain read from the recorded files', async () => {
    const { snapshot } = await fetchDeribitSnapshot(fastHttp(replay), BTC);
    const files = await readDeribitDir(DERIBIT_BTC_DIR);
    expect({ ...snapshot, source: '' }).toEqual({ ...files, source: '' });
    expect(snapshot.source).toBe(`${replay.baseUrl} BTC options (REST)`);
    expect(replay.stats.http.get('public/get_index_price')).toBe(1);
  });

  it('picks a USDC-settled chain out of the USDC umbrella and counts its open interest in contracts', async () => {
    const { snapshot: sol } = await fetchDeribitSnapshot(fastHttp(replay), deribitMarket('SOL'));
    const btc = await readDeribitDir(DERIBIT_BTC_DIR);
    const expiries = [...new Set(btc.options.map((o) => o.expiry))].sort((a, b) => a - b).slice(0, 2);
    const btcPart = { ...btc, options: btc.options.filter((o) => expiries.includes(o.expiry)) };
    expect(sol.underlying).toBe('SOL');
    expect(sol.options.length).toBe(btcPart.options.length);
    expect(sol.options.every((o) => o.instrument.startsWith('SOL_USDC-') && o.multiplier === 10)).toBe(true);
    // every price ÷ 500, 10 SOL a contract: GEX = q·m·Γ·S²·0.01 scales by 10 / 500, the flip by 1 / 500
    const r = buildGexReport(sol);
    const b = buildGexReport(btcPart);
    expect(Math.abs(r.netGex - (b.netGex * 10) / 500)).toBeLessThan(1e-9 * Math.abs(b.netGex / 50));
    expect(r.gammaFlips.length).toBe(b.gammaFlips.length);
    r.gammaFlips.forEach((f, k) => {
      expect(Math.abs(f * 500 - (b.gammaFlips[k] as number))).toBeLessThan(1e-6 * f * 500);
    });
    expect(r.callWall).toBe((b.callWall as number) / 500);
    expect(r.putWall).toBe((b.putWall as number) / 500);
  });

  it('prices linear premiums in USD as they come (no × forward)', async () => {
    const { snapshot: xrp } = await fetchDeribitSnapshot(fastHttp(replay), deribitMarket('XRP'));
    const btc = await readDeribitDir(DERIBIT_BTC_DIR);
    const name = 'BTC-21NOV25-95000-C';
    const b = btc.options.find((o) => o.instrument === name);
    const x = xrp.options.find((o) => o.instrument === 'XRP_USDC-21NOV25-2d375-C');
    expect(x?.markPrice).toBeCloseTo((b?.markPrice as number) / 40_000, 12);
    expect(x?.openInterest).toBeCloseTo(b?.openInterest as number, 9);
  });
});

describe('REST faults: backed off and retried, never a wrong number', () => {
  it('rides out HTTP 429 answers by backing off, then returns the same chain', async () => {
    replay.faults.http429 = 2;
    const http = fastHttp(replay);
    const { snapshot } = await fetchDeribitSnapshot(http, BTC);
    expect(snapshot.options.length).toBe(686);
    expect(http.stats.rateLimited).toBe(2);
    expect(http.stats.retries).toBe(2);
  });

  it('rides out Deribit error 10028 too_many_requests', async () => {
    Object.assign(replay.faults, { rpcError: 3, rpcErrorCode: 10028, rpcErrorMethods: ['public/get_instruments'] });
    const http = fastHttp(replay);
    const { snapshot } = await fetchDeribitSnapshot(http, BTC);
    expect(snapshot.options.length).toBe(686);
    expect(replay.stats.http.get('public/get_instruments')).toBe(4);
    expect(http.stats.rateLimited).toBe(3);
  });

  it('retries answers that are malformed or truncated JSON', async () => {
    replay.faults.httpMalformed = 1;
    replay.faults.httpTruncated = 2;
    const http = fastHttp(replay);
    const { snapshot } = await fetchDeribitSnapshot(http, BTC);
    expect(snapshot.spot).toBe(91_629.58);
    expect(http.stats.retries).toBe(3);
  });

  it('times out a slow answer and asks again', async () => {
    Object.assign(replay.faults, { slowMs: 400, slowCount: 1 });
    const http = fastHttp(replay, { timeoutMs: 100 });
    const { snapshot } = await fetchDeribitSnapshot(http, BTC);
    expect(snapshot.options.length).toBe(686);
    expect(http.stats.retries).toBe(1);
  });

  it('gives up after its retries with a rate-limit error that says so, having asked a bounded number of times', async () => {
    replay.faults.http429 = 1000;
    const e = await failure(fetchDeribitSnapshot(fastHttp(replay, { retries: 2 }), BTC));
    expect(e.kind).toBe('rate-limited');
    expect(e.details.attempts).toBe(3);
    const asked = [...replay.stats.http.values()].reduce((a, b) => a + b, 0);
    expect(asked).toBeLessThanOrEqual(9);
  });

  it('does not retry a request the venue refuses as malformed (11050 bad_request)', async () => {
    Object.assign(replay.faults, {
      rpcError: 1,
      rpcErrorCode: 11050,
      rpcErrorMessage: 'bad_request',
      rpcErrorMethods: ['public/get_instruments'],
    });
    const e = await failure(fetchDeribitSnapshot(fastHttp(replay), BTC));
    expect(e).toMatchObject({ kind: 'bad-request', code: 11050 });
    expect(replay.stats.http.get('public/get_instruments')).toBe(1);
  });

  it('reports an unreachable venue as a network error naming the address', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = new DeribitHttp({
      baseUrl: `http://127.0.0.1:${port}`,
      retries: 1,
      backoff: { initialMs: 1, maxMs: 2, factor: 2, jitter: 0 },
    });
    const e = await failure(fetchDeribitSnapshot(dead, BTC));
    expect(e.kind).toBe('network');
    expect(e.message).toContain(`127.0.0.1:${port}`);
  });
});
