import { BYBIT_INSTRUMENTS, BYBIT_TICKERS } from '../../../src/sources/bybit/parse.js';
import { venueCapture } from '../venueCaptures.js';
import { type RecordedChain, type RecordedOption, recordedBtcChain } from './recorded.js';
import { startVenueReplay, type VenueReplay, type WsEndpoint } from './server.js';

export interface BybitChainSpec {
  /** share of the recorded (Deribit) open interest this venue holds, per option (default 1) */
  readonly oiShare?: (o: RecordedOption) => number;
  /** instruments-info page size (Bybit's limit is at most 1000) */
  readonly pageSize?: number;
}

// The real payloads every answer and frame is shaped after (../shared/data/venues/bybit, see its SOURCE.txt).
const REST_INSTRUMENTS = () => venueCapture('bybit', 'rest-instruments-info-option-doc.json');
const REST_TICKERS = () => venueCapture('bybit', 'rest-tickers-option-doc.json');
const WS_CONTROL = () => venueCapture('bybit', 'ws-option-control-frames-doc.json');
const WS_TICKERS = () => venueCapture('bybit', 'ws-tickers-option-2023-04-tardis.json');

/** Bybit's answer envelope as captured (retCode, retMsg, retExtInfo), with this result and time. */
const answer = (result: object, time: number) => ({ ...REST_TICKERS(), result, time });

/**
 * Bybit's answers built from the recorded chain (Bybit names options as Deribit does), each row the
 * captured row with the recorded option's terms and numbers written in: the field set, types and
 * the fields gexmap does not read are the capture's.
 */
export function bybitPayloads(spec: BybitChainSpec = {}, chain: RecordedChain = recordedBtcChain()) {
  const share = spec.oiShare ?? (() => 1);
  const instrumentRow = REST_INSTRUMENTS().result.list[0];
  const tickerRow = REST_TICKERS().result.list[0];
  const instruments = chain.options.map((o) => ({
    ...instrumentRow,
    symbol: o.name,
    status: o.active ? 'Trading' : 'Delivering',
    baseCoin: 'BTC',
    optionsType: o.type === 'C' ? 'Call' : 'Put',
    deliveryTime: String(o.expiry),
    displayName: o.name,
  }));
  const tickers = chain.options.map((o) => ({
    ...tickerRow,
    symbol: o.name,
    markPrice: '0',
    indexPrice: String(chain.index),
    markIv: String(o.markIv / 100),
    underlyingPrice: String(o.forward),
    openInterest: String(Math.round(o.openInterest * share(o) * 100) / 100),
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

/** Topics the replay lists in failTopics instead of subscribing (as Bybit does with a delisted symbol). */
export const bybitRefusedTopics = new Set<string>();

/** Subscribe requests whose args array was longer than Bybit's 21,000 characters (answered with success false). */
export const bybitOversized = { count: 0 };

/**
 * Bybit's public option WebSocket, answering with the captured frames: `{"op":"ping"}` → the
 * captured option pong `{"args":[ms],"op":"pong"}`; `{"op":"subscribe","args":[…]}` → the captured
 * `{"success":true,"conn_id",…,"data":{"failTopics":[…],"successTopics":[…]},"type":"COMMAND_RESP"}`
 * (no `op`), a topic that is not `tickers.<BTC option>` or is in bybitRefusedTopics listed in
 * failTopics. An args array over 21,000 characters is refused whole (success false);
 * `{"op":"unsubscribe"}` drops the topics.
 */
const BYBIT_WS: WsEndpoint = {
  path: '/v5/public/option',
  onMessage(socket, text) {
    const control = WS_CONTROL();
    const req = JSON.parse(text) as { op?: string; args?: string[] };
    if (req.op === 'ping') {
      bybitPings.count++;
      socket.send(JSON.stringify({ ...control.pong_option, args: [String(Date.now())] }));
      return;
    }
    const ack = control.subscribe_ack_option;
    if (req.op === 'unsubscribe') {
      // answered in the subscribe answer's shape (Bybit's docs show no option unsubscribe answer)
      for (const t of req.args ?? []) bybitSubscriptions.get(socket)?.delete(t);
      socket.send(JSON.stringify({ ...ack, data: { failTopics: [], successTopics: req.args ?? [] } }));
      return;
    }
    const args = req.op === 'subscribe' ? (req.args ?? []) : [];
    if (JSON.stringify(args).length > 21_000) {
      bybitOversized.count++;
      socket.send(JSON.stringify({ ...ack, success: false, data: { failTopics: args, successTopics: [] } }));
      return;
    }
    const ok = (t: string) => /^tickers\.BTC-\d{1,2}[A-Z]{3}\d{2}-\d+-[CP]$/.test(t) && !bybitRefusedTopics.has(t);
    const successTopics = args.filter(ok);
    const failTopics = args.filter((t) => !ok(t));
    const topics = bybitSubscriptions.get(socket) ?? new Set<string>();
    for (const t of successTopics) topics.add(t);
    bybitSubscriptions.set(socket, topics);
    socket.send(JSON.stringify({ ...ack, success: failTopics.length === 0, data: { failTopics, successTopics } }));
  },
};

/** A ticker row in the option WebSocket's shape: the captured push's data with these values written in. */
export function bybitWsTicker(row: {
  readonly symbol: string;
  readonly markIv: string;
  readonly underlyingPrice: string;
  readonly indexPrice: string;
  readonly openInterest: string;
  readonly markPrice: string;
}) {
  return {
    ...WS_TICKERS()[0].data,
    symbol: row.symbol,
    markPrice: row.markPrice,
    indexPrice: row.indexPrice,
    markPriceIv: row.markIv,
    underlyingPrice: row.underlyingPrice,
    openInterest: row.openInterest,
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
