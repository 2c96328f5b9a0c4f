import {
  BINANCE_EXCHANGE_INFO,
  BINANCE_INDEX,
  BINANCE_MARK,
  BINANCE_OPEN_INTEREST,
} from '../../../src/sources/binance/parse.js';
import { type RecordedChain, type RecordedOption, recordedBtcChain, yymmdd } from './recorded.js';
import { startVenueReplay, type VenueReplay, type WsEndpoint } from './server.js';

export interface BinanceChainSpec {
  /** share of the recorded (Deribit) open interest this venue holds, per option (default 1) */
  readonly oiShare?: (o: RecordedOption) => number;
}

export function binanceName(o: RecordedOption): string {
  return `BTC-${yymmdd(o.expiry)}-${o.strike}-${o.type}`;
}

const YEAR_MS = 365 * 86_400_000;

/**
 * Binance's answers in the documented shape, built from the recorded chain. Binance publishes no
 * forward: each row's riskFreeInterest is set to ln(F/S)/t so that index·e^{rt} is the recorded forward.
 */
export function binancePayloads(spec: BinanceChainSpec = {}, chain: RecordedChain = recordedBtcChain()) {
  const share = spec.oiShare ?? (() => 1);
  const live = chain.options.filter((o) => o.expiry > chain.asOf);
  const exchangeInfo = {
    timezone: 'UTC',
    serverTime: chain.asOf,
    optionContracts: [{ baseAsset: 'BTC', quoteAsset: 'USDT', underlying: 'BTCUSDT', settleAsset: 'USDT' }],
    optionAssets: [{ name: 'USDT' }],
    optionSymbols: live.map((o) => ({
      expiryDate: o.expiry,
      filters: [],
      symbol: binanceName(o),
      side: o.type === 'C' ? 'CALL' : 'PUT',
      strikePrice: String(o.strike),
      underlying: 'BTCUSDT',
      unit: 1,
      makerFeeRate: '0.0002',
      takerFeeRate: '0.0002',
      minQty: '0.01',
      maxQty: '1000',
      quoteAsset: 'USDT',
      status: o.active ? 'TRADING' : 'CLOSE_ONLY',
    })),
    rateLimits: [],
  };
  const marks = live.map((o) => ({
    symbol: binanceName(o),
    markPrice: '0',
    bidIV: '0',
    askIV: '0',
    markIV: String(o.markIv / 100),
    delta: '0',
    theta: '0',
    gamma: '0',
    vega: '0',
    highPriceLimit: '0',
    lowPriceLimit: '0',
    riskFreeInterest: String(Math.log(o.forward / chain.index) / ((o.expiry - chain.asOf) / YEAR_MS)),
  }));
  const oiByExpiry = new Map<string, object[]>();
  for (const o of live) {
    const key = yymmdd(o.expiry);
    const rows = oiByExpiry.get(key) ?? [];
    rows.push({
      symbol: binanceName(o),
      sumOpenInterest: String(Math.round(o.openInterest * share(o) * 100) / 100),
      sumOpenInterestUsd: '0',
      timestamp: String(chain.asOf),
    });
    oiByExpiry.set(key, rows);
  }
  return { exchangeInfo, marks, oiByExpiry, index: { time: chain.asOf, indexPrice: String(chain.index) } };
}

/** Binance's documented rate-limit answer: HTTP 429 with code -1003. */
export const BINANCE_RATE_LIMIT = {
  status: 429,
  body: { code: -1003, msg: 'Too many requests; current limit is 400 requests per minute.' },
};

export async function startBinanceReplay(spec: BinanceChainSpec = {}): Promise<VenueReplay> {
  const p = binancePayloads(spec);
  return startVenueReplay(
    {
      [BINANCE_EXCHANGE_INFO]: () => p.exchangeInfo,
      [BINANCE_MARK]: () => p.marks,
      [BINANCE_INDEX]: (q) => (q.get('underlying') === 'BTCUSDT' ? p.index : { code: -1121, msg: 'Invalid symbol.' }),
      [BINANCE_OPEN_INTEREST]: (q) =>
        q.get('underlyingAsset') === 'BTC'
          ? (p.oiByExpiry.get(q.get('expiration') ?? '') ?? [])
          : { code: -1121, msg: 'Invalid symbol.' },
    },
    BINANCE_WS,
  );
}

/** The streams each client subscribed to. */
export const binanceSubscriptions = new WeakMap<object, Set<string>>();

/** The BTC streams of Binance's options market-stream endpoint. */
export const BINANCE_MARK_STREAM = 'btcusdt@optionMarkPrice';
export const BINANCE_INDEX_STREAM = '!index@arr';

/**
 * Binance's options WebSocket as documented (live subscription on the raw `/market/ws` path):
 * `{"method":"SUBSCRIBE","params":[…],"id":n}` → `{"result":null,"id":n}`; an unknown stream →
 * `{"error":{"code":2,"msg":…},"id":n}`. Ping control frames are answered by the server library.
 */
const BINANCE_WS: WsEndpoint = {
  path: '/market/ws',
  onMessage(socket, text) {
    const req = JSON.parse(text) as { method?: string; params?: string[]; id?: number };
    const known = [BINANCE_MARK_STREAM, BINANCE_INDEX_STREAM];
    const bad = (req.params ?? []).find((p) => !known.includes(p));
    if (req.method !== 'SUBSCRIBE' || bad !== undefined) {
      socket.send(JSON.stringify({ error: { code: 2, msg: `Invalid request: unknown stream ${bad}` }, id: req.id }));
      return;
    }
    const streams = binanceSubscriptions.get(socket) ?? new Set<string>();
    for (const p of req.params ?? []) streams.add(p);
    binanceSubscriptions.set(socket, streams);
    socket.send(JSON.stringify({ result: null, id: req.id }));
  },
};

/** One option of the markPrice stream in the documented shape (numbers as strings). */
export interface BinanceWsMark {
  readonly symbol: string;
  readonly markPrice: string;
  readonly markIv: string;
  readonly index: string;
  readonly rate: string;
}

function send(replay: VenueReplay, stream: string, text: string, frame?: (text: string) => string): void {
  for (const c of replay.wsClients()) if (binanceSubscriptions.get(c)?.has(stream)) c.send(frame ? frame(text) : text);
}

/** Pushes one `btcusdt@optionMarkPrice` event: an array `[{e: "markPrice", E, s, mp, i, bo, ao, bq, aq, b, a, hl, ll, vo, rf, d, t, g, v}]`. */
export function pushBinanceMarks(
  replay: VenueReplay,
  rows: readonly BinanceWsMark[],
  ts: number,
  frame?: (text: string) => string,
): void {
  const events = rows.map((r) => ({
    e: 'markPrice',
    E: ts,
    s: r.symbol,
    mp: r.markPrice,
    i: r.index,
    P: '0.000',
    bo: '0.000',
    ao: '0.000',
    bq: '0.0000',
    aq: '0.0000',
    b: '-1.00000000',
    a: '-1.00000000',
    hl: '0.000',
    ll: '0.000',
    vo: r.markIv,
    rf: r.rate,
    d: '0',
    t: '0',
    g: '0',
    v: '0',
  }));
  send(replay, BINANCE_MARK_STREAM, JSON.stringify(events), frame);
}

/** Pushes one `!index@arr` event: every underlying's `{e: "indexPrice", E, s, p}`, BTCUSDT's not first. */
export function pushBinanceIndex(replay: VenueReplay, index: string, ts: number): void {
  const events = [
    { e: 'indexPrice', E: ts, s: 'ETHUSDT', p: '3224.51976744' },
    { e: 'indexPrice', E: ts, s: 'BTCUSDT', p: index },
  ];
  send(replay, BINANCE_INDEX_STREAM, JSON.stringify(events));
}
