import {
  BINANCE_EXCHANGE_INFO,
  BINANCE_INDEX,
  BINANCE_MARK,
  BINANCE_OPEN_INTEREST,
} from '../../../src/sources/binance/parse.js';
import { venueCapture } from '../venueCaptures.js';
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

// The real payloads every row is shaped after (../shared/data/venues/binance, see its SOURCE.txt).
const capture = (file: string) => venueCapture('binance', file);

/**
 * Binance's answers built from the recorded chain, each row a captured one with the recorded
 * option's terms and numbers written in (the documented exchangeInfo, openInterest and index
 * examples of Binance's connector; the live mark row copied in 2025-07). Binance publishes no
 * forward: each row's riskFreeInterest is set to ln(F/S)/t so that index·e^{rt} is the recorded forward.
 */
export function binancePayloads(spec: BinanceChainSpec = {}, chain: RecordedChain = recordedBtcChain()) {
  const share = spec.oiShare ?? (() => 1);
  const live = chain.options.filter((o) => o.expiry > chain.asOf);
  const docs = capture('rest-docs-examples-connector.json');
  const [markRow] = capture('rest-mark-live-row-GEC.json');
  const exchangeInfo = {
    ...docs.exchangeInfo,
    serverTime: chain.asOf,
    optionSymbols: live.map((o) => ({
      ...docs.exchangeInfo.optionSymbols[0],
      expiryDate: o.expiry,
      symbol: binanceName(o),
      side: o.type === 'C' ? 'CALL' : 'PUT',
      strikePrice: String(o.strike),
      underlying: 'BTCUSDT',
      unit: 1,
      status: o.active ? 'TRADING' : 'CLOSE_ONLY',
    })),
  };
  const marks = live.map((o) => ({
    ...markRow,
    symbol: binanceName(o),
    markPrice: '0',
    markIV: String(o.markIv / 100),
    riskFreeInterest: String(Math.log(o.forward / chain.index) / ((o.expiry - chain.asOf) / YEAR_MS)),
  }));
  const oiByExpiry = new Map<string, object[]>();
  for (const o of live) {
    const key = yymmdd(o.expiry);
    const rows = oiByExpiry.get(key) ?? [];
    rows.push({
      ...docs.openInterest[0],
      symbol: binanceName(o),
      sumOpenInterest: String(Math.round(o.openInterest * share(o) * 100) / 100),
      sumOpenInterestUsd: '0',
      timestamp: String(chain.asOf),
    });
    oiByExpiry.set(key, rows);
  }
  return {
    exchangeInfo,
    marks,
    oiByExpiry,
    index: { ...docs.index, time: chain.asOf, indexPrice: String(chain.index) },
  };
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

/** One option of the markPrice stream: the values written into the captured frame's row. */
export interface BinanceWsMark {
  readonly symbol: string;
  readonly markPrice: string;
  readonly markIv: string;
  readonly index: string;
}

function send(replay: VenueReplay, stream: string, text: string, frame?: (text: string) => string): void {
  for (const c of replay.wsClients()) if (binanceSubscriptions.get(c)?.has(stream)) c.send(frame ? frame(text) : text);
}

/**
 * Pushes one `btcusdt@optionMarkPrice` event: an array of the recorded xrpusdt@optionMarkPrice row
 * (`{s, mp, E, e: "markPrice", i, P, bo, ao, bq, aq, b, a, hl, ll, vo, rf, d, t, g, v}`, rf "0.0"
 * as recorded) with these values written in.
 */
export function pushBinanceMarks(
  replay: VenueReplay,
  rows: readonly BinanceWsMark[],
  ts: number,
  frame?: (text: string) => string,
): void {
  const recorded = capture('ws-v2-market-2025-12-tardis.json')[0].data[0];
  const events = rows.map((r) => ({ ...recorded, E: ts, s: r.symbol, mp: r.markPrice, i: r.index, vo: r.markIv }));
  send(replay, BINANCE_MARK_STREAM, JSON.stringify(events), frame);
}

/** Pushes one `!index@arr` event: every underlying's `{e: "indexPrice", E, s, p}` (the documented ETHUSDT entry first, then BTCUSDT's). */
export function pushBinanceIndex(replay: VenueReplay, index: string, ts: number): void {
  const [eth] = capture('rest-docs-examples-connector.json').ws_index_arr;
  const events = [
    { ...eth, E: ts },
    { ...eth, E: ts, s: 'BTCUSDT', p: index },
  ];
  send(replay, BINANCE_INDEX_STREAM, JSON.stringify(events));
}
