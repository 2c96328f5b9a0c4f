import { BYBIT_INSTRUMENTS, BYBIT_TICKERS } from '../../../src/sources/bybit/parse.js';
import { type RecordedChain, type RecordedOption, recordedBtcChain } from './recorded.js';
import { startVenueReplay, type VenueReplay, type WsEndpoint } from './server.js';

export interface BybitChainSpec {
  /** share of the recorded (Deribit) open interest this venue holds, per option (default 1) */
  readonly oiShare?: (o: RecordedOption) => number;
  /** instruments-info page size (Bybit's limit is at most 1000) */
  readonly pageSize?: number;
}

const answer = (result: object, time: number) => ({ retCode: 0, retMsg: 'OK', result, retExtInfo: {}, time });

/** Bybit's answers in the documented shape, built from the recorded chain (Bybit names options as Deribit does). */
export function bybitPayloads(spec: BybitChainSpec = {}, chain: RecordedChain = recordedBtcChain()) {
  const share = spec.oiShare ?? (() => 1);
  const instruments = chain.options.map((o) => ({
    symbol: o.name,
    status: o.active ? 'Trading' : 'Delivering',
    baseCoin: 'BTC',
    quoteCoin: 'USD',
    settleCoin: 'USDC',
    optionsType: o.type === 'C' ? 'Call' : 'Put',
    launchTime: '1760000000000',
    deliveryTime: String(o.expiry),
    deliveryFeeRate: '0.00015',
    priceFilter: { minPrice: '5', maxPrice: '10000000', tickSize: '5' },
    lotSizeFilter: { maxOrderQty: '500', minOrderQty: '0.01', qtyStep: '0.01' },
  }));
  const tickers = chain.options.map((o) => ({
    symbol: o.name,
    bid1Price: '0',
    bid1Size: '0',
    bid1Iv: '0',
    ask1Price: '0',
    ask1Size: '0',
    ask1Iv: '0',
    lastPrice: '0',
    highPrice24h: '0',
    lowPrice24h: '0',
    markPrice: '0',
    indexPrice: String(chain.index),
    markIv: String(o.markIv / 100),
    underlyingPrice: String(o.forward),
    openInterest: String(Math.round(o.openInterest * share(o) * 100) / 100),
    turnover24h: '0',
    volume24h: '0',
    totalVolume: '0',
    totalTurnover: '0',
    delta: '0',
    gamma: '0',
    vega: '0',
    theta: '0',
    predictedDeliveryPrice: '0',
    change24h: '0',
  }));
  const size = spec.pageSize ?? 400;
  const pages = [];
  for (let i = 0; i < instruments.length; i += size) {
    const next = i + size < instruments.length ? `page-${i + size}` : '';
    pages.push(answer({ category: 'option', nextPageCursor: next, list: instruments.slice(i, i + size) }, chain.asOf));
  }
  return { pages, tickers: answer({ category: 'option', list: tickers }, chain.asOf) };
}

/** Bybit's documented rate-limit answer: retCode 10006 "Too many visits!" (HTTP 200). */
export const BYBIT_RATE_LIMIT = {
  status: 200,
  body: { retCode: 10006, retMsg: 'Too many visits!', result: {}, retExtInfo: {}, time: 0 },
};

/** A replay server answering Bybit's option instruments (paged by cursor) and tickers for baseCoin BTC. */
export async function startBybitReplay(spec: BybitChainSpec = {}): Promise<VenueReplay> {
  const p = bybitPayloads(spec);
  const size = spec.pageSize ?? 400;
  const empty = answer({ category: 'option', nextPageCursor: '', list: [] }, 0);
  return startVenueReplay(
    {
      [BYBIT_INSTRUMENTS]: (q) => {
        if (q.get('category') !== 'option' || q.get('baseCoin') !== 'BTC') return empty;
        const cursor = q.get('cursor');
        const at = cursor ? Number(cursor.replace('page-', '')) / size : 0;
        return p.pages[at] ?? { retCode: 10001, retMsg: 'invalid cursor', result: {}, retExtInfo: {}, time: 0 };
      },
      [BYBIT_TICKERS]: (q) => (q.get('category') === 'option' && q.get('baseCoin') === 'BTC' ? p.tickers : empty),
    },
    BYBIT_WS,
  );
}

/** `{"op":"ping"}` frames received. */
export const bybitPings = { count: 0 };

/** The `tickers.<symbol>` topics each client subscribed to. */
export const bybitSubscriptions = new WeakMap<object, Set<string>>();

const ack = (op: string, success: boolean, retMsg: string) =>
  JSON.stringify({ success, ret_msg: retMsg, conn_id: 'cejreaspqfh3sjdnldmg-p', req_id: '', op });

/**
 * Bybit's public option WebSocket as documented: `{"op":"ping"}` → `{op: "pong", args: [ms]}`;
 * `{"op":"subscribe","args":["tickers.<symbol>", …]}` → `{success, ret_msg, conn_id, op: "subscribe"}`
 * (success false naming the topic when it is not `tickers.<BTC option>`).
 */
const BYBIT_WS: WsEndpoint = {
  path: '/v5/public/option',
  onMessage(socket, text) {
    const req = JSON.parse(text) as { op?: string; args?: string[] };
    if (req.op === 'ping') {
      bybitPings.count++;
      socket.send(JSON.stringify({ op: 'pong', args: [String(Date.now())], conn_id: 'cejreaspqfh3sjdnldmg-p' }));
      return;
    }
    const bad = (req.args ?? []).find((t) => !/^tickers\.BTC-\d{1,2}[A-Z]{3}\d{2}-\d+-[CP]$/.test(t));
    if (req.op !== 'subscribe' || bad !== undefined || (req.args ?? []).length === 0) {
      socket.send(ack(req.op ?? '', false, `error:handler not found,topic:${bad ?? ''}`));
      return;
    }
    const topics = bybitSubscriptions.get(socket) ?? new Set<string>();
    for (const t of req.args ?? []) topics.add(t);
    bybitSubscriptions.set(socket, topics);
    socket.send(ack('subscribe', true, ''));
  },
};

/** A ticker row in the option WebSocket's documented shape (markPriceIv, bidPrice…, numbers as strings). */
export function bybitWsTicker(row: {
  readonly symbol: string;
  readonly markIv: string;
  readonly underlyingPrice: string;
  readonly indexPrice: string;
  readonly openInterest: string;
  readonly markPrice: string;
}) {
  return {
    symbol: row.symbol,
    bidPrice: '0',
    bidSize: '0',
    bidIv: '0',
    askPrice: '0',
    askSize: '0',
    askIv: '0',
    lastPrice: '0',
    highPrice24h: '0',
    lowPrice24h: '0',
    markPrice: row.markPrice,
    indexPrice: row.indexPrice,
    markPriceIv: row.markIv,
    underlyingPrice: row.underlyingPrice,
    openInterest: row.openInterest,
    turnover24h: '0',
    volume24h: '0',
    totalVolume: '0',
    totalTurnover: '0',
    delta: '0',
    gamma: '0',
    vega: '0',
    theta: '0',
    predictedDeliveryPrice: '0',
    change24h: '0',
  };
}

/**
 * Pushes one ticker frame per row to every client subscribed to its topic, as Bybit does:
 * `{id, topic: "tickers.<symbol>", ts, type: "snapshot", data}`; `frame` may spoil the text (faults).
 */
export function pushBybitTickers(
  replay: VenueReplay,
  rows: readonly ReturnType<typeof bybitWsTicker>[],
  ts: number,
  frame?: (text: string) => string,
): void {
  for (const row of rows) {
    const topic = `tickers.${row.symbol}`;
    const text = JSON.stringify({ id: `${topic}-${ts}`, topic, ts, data: row, type: 'snapshot' });
    for (const c of replay.wsClients()) if (bybitSubscriptions.get(c)?.has(topic)) c.send(frame ? frame(text) : text);
  }
}
