import { parseBinanceChain } from '../../../src/sources/binance/parse.js';
import { binanceHttp, fetchBinanceSnapshot } from '../../../src/sources/binance/rest.js';
import { parseBybitChain } from '../../../src/sources/bybit/parse.js';
import { bybitHttp, fetchBybitSnapshot } from '../../../src/sources/bybit/rest.js';
import { DeribitHttp } from '../../../src/sources/deribit/live/http.js';
import { deribitMarket } from '../../../src/sources/deribit/live/market.js';
import { fetchDeribitSnapshot } from '../../../src/sources/deribit/live/snapshot.js';
import { readDeribitDir } from '../../../src/sources/deribit/read.js';
import { parseOkxChain } from '../../../src/sources/okx/parse.js';
import { fetchOkxSnapshot, okxHttp } from '../../../src/sources/okx/rest.js';
import { SourceError } from '../../../src/sources/venue/errors.js';
import { DERIBIT_BTC_DIR } from '../../golden/paths.js';
import { type DeribitReplay, recordedBtcMarket, startDeribitReplay } from '../../support/deribitReplay/index.js';
import { BINANCE_RATE_LIMIT, binancePayloads, startBinanceReplay } from '../../support/venueReplay/binance.js';
import { BYBIT_RATE_LIMIT, bybitPayloads, startBybitReplay } from '../../support/venueReplay/bybit.js';
import { OKX_RATE_LIMIT, okxPayloads, startOkxReplay } from '../../support/venueReplay/okx.js';
import type { VenueReplay } from '../../support/venueReplay/server.js';
import { describeSourceContract, type FaultName } from './sourceContract.js';

const FAST = {
  backoff: { initialMs: 2, maxMs: 20, factor: 2, jitter: 0.5 },
  rateLimit: { perSecond: 10_000, burst: 10_000 },
};

function venueFaults(
  replay: VenueReplay,
  rateLimit: { status: number; body: unknown },
  badRequest: { status: number; body: unknown },
) {
  return {
    fault(name: FaultName, count: number) {
      const f = replay.faults;
      if (name === 'http429') f.http429 = count;
      else if (name === 'malformed') f.httpMalformed = count;
      else if (name === 'truncated') f.httpTruncated = count;
      else if (name === 'dropConnection') f.dropConnection = count;
      else if (name === 'slow') Object.assign(f, { slowMs: 400, slowCount: count });
      else {
        const e = name === 'venueRateLimit' ? rateLimit : badRequest;
        Object.assign(f, { venueError: count, venueErrorStatus: e.status, venueErrorBody: e.body });
      }
    },
    left: () => {
      const f = replay.faults;
      return f.http429 + f.httpMalformed + f.httpTruncated + f.dropConnection + f.venueError + f.slowCount;
    },
    clear: () => replay.clearFaults(),
    close: () => replay.close(),
  };
}

let okxUrl = '';
describeSourceContract({
  name: 'okx',
  async start() {
    const replay = await startOkxReplay();
    okxUrl = replay.baseUrl;
    return venueFaults(replay, OKX_RATE_LIMIT, {
      status: 400,
      body: { code: '51000', msg: 'Parameter instFamily error', data: [] },
    });
  },
  fetch: ({ retries, timeoutMs }) => fetchOkxSnapshot(okxHttp({ baseUrl: okxUrl, retries, timeoutMs, ...FAST }), 'BTC'),
  expected: () => parseOkxChain({ ...okxPayloads(), source: '' }),
  errorClass: SourceError,
});

let deribit: DeribitReplay;
describeSourceContract({
  name: 'deribit',
  async start() {
    deribit = await startDeribitReplay({ markets: [recordedBtcMarket({ historyTrades: 0 })] });
    return {
      fault(name: FaultName, count: number) {
        const f = deribit.faults;
        if (name === 'http429') f.http429 = count;
        else if (name === 'malformed') f.httpMalformed = count;
        else if (name === 'truncated') f.httpTruncated = count;
        else if (name === 'dropConnection') f.httpDrop = count;
        else if (name === 'slow') Object.assign(f, { slowMs: 400, slowCount: count });
        else if (name === 'venueRateLimit')
          Object.assign(f, { rpcError: count, rpcErrorCode: 10028, rpcErrorMessage: 'too_many_requests' });
        else if (name === 'badRequest')
          Object.assign(f, { rpcError: count, rpcErrorCode: 11029, rpcErrorMessage: 'invalid_arguments' });
      },
      left: () => {
        const f = deribit.faults;
        return f.http429 + f.httpMalformed + f.httpTruncated + f.httpDrop + f.rpcError + f.slowCount;
      },
      clear: () => deribit.clearFaults(),
      close: () => deribit.close(),
    };
  },
  fetch: async ({ retries, timeoutMs }) =>
    (
      await fetchDeribitSnapshot(
        new DeribitHttp({ baseUrl: deribit.baseUrl, retries, timeoutMs, ...FAST }),
        deribitMarket('BTC'),
      )
    ).snapshot,
  expected: () => readDeribitDir(DERIBIT_BTC_DIR),
  errorClass: SourceError,
});

let bybitUrl = '';
describeSourceContract({
  name: 'bybit',
  async start() {
    const replay = await startBybitReplay();
    bybitUrl = replay.baseUrl;
    return venueFaults(replay, BYBIT_RATE_LIMIT, {
      status: 200,
      body: { retCode: 10001, retMsg: 'params error: baseCoin', result: {}, retExtInfo: {}, time: 0 },
    });
  },
  fetch: ({ retries, timeoutMs }) =>
    fetchBybitSnapshot(bybitHttp({ baseUrl: bybitUrl, retries, timeoutMs, ...FAST }), 'BTC'),
  expected: () => {
    const p = bybitPayloads();
    return parseBybitChain({ instruments: p.pages, tickers: p.tickers, source: '' });
  },
  errorClass: SourceError,
});

let binanceUrl = '';
describeSourceContract({
  name: 'binance',
  async start() {
    const replay = await startBinanceReplay();
    binanceUrl = replay.baseUrl;
    return venueFaults(replay, BINANCE_RATE_LIMIT, {
      status: 400,
      body: { code: -1102, msg: "Mandatory parameter 'underlying' was not sent" },
    });
  },
  fetch: ({ retries, timeoutMs }) =>
    fetchBinanceSnapshot(binanceHttp({ baseUrl: binanceUrl, retries, timeoutMs, ...FAST }), 'BTC'),
  expected: () => {
    const p = binancePayloads();
    return parseBinanceChain({
      exchangeInfo: p.exchangeInfo,
      marks: p.marks,
      openInterest: [...p.oiByExpiry.values()],
      index: p.index,
      underlying: 'BTCUSDT',
      source: '',
    });
  },
  errorClass: SourceError,
});
