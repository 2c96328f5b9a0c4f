import { checkInstant } from '../../chain/instant.js';
import { ChainInputError, type ChainSnapshot, type OptionQuote } from '../../chain/types.js';
import { type Field, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import { jsonFrame, type VenueWsMessage, type VenueWsProtocol } from '../venue/wsStream.js';
import { BYBIT_CONTRACT_SIZE } from './parse.js';
import type { BybitWsOptionTicker } from './payloads.js';

export const BYBIT_OPTION_WS_URL = 'wss://stream.bybit.com/v5/public/option';
export const BYBIT_TICKERS_TOPIC = 'tickers';
/** Option topics one connection may hold ("Options can input up to 2000 args for a single connection", Bybit's connect page). */
export const BYBIT_TOPICS_PER_CONNECTION = 2000;
/** The longest `args` array of one request, in characters of its JSON (same page: at most 21,000). */
export const BYBIT_ARGS_CHARS = 21_000;

/**
 * The documented subscribe requests for the `tickers.<symbol>` topics of these option symbols,
 * each `args` array packed up to BYBIT_ARGS_CHARS characters of JSON. One connection takes at
 * most BYBIT_TOPICS_PER_CONNECTION of them (see bybitConnectionShares).
 */
export function bybitSubscribeRequests(symbols: readonly string[]): string[] {
  const out: string[] = [];
  let args: string[] = [];
  let chars = 1; // "[", then each topic with the "," or "]" after it
  for (const s of symbols) {
    const topic = `${BYBIT_TICKERS_TOPIC}.${s}`;
    const cost = JSON.stringify(topic).length + 1;
    if (args.length > 0 && chars + cost > BYBIT_ARGS_CHARS) {
      out.push(JSON.stringify({ op: 'subscribe', args }));
      args = [];
      chars = 1;
    }
    args.push(topic);
    chars += cost;
  }
  if (args.length > 0) out.push(JSON.stringify({ op: 'subscribe', args }));
  return out;
}

/** The unsubscribe requests for these symbols' topics, packed as bybitSubscribeRequests packs them. */
export function bybitUnsubscribeRequests(symbols: readonly string[]): string[] {
  return bybitSubscribeRequests(symbols).map((frame) => frame.replace('{"op":"subscribe"', '{"op":"unsubscribe"'));
}

/** One option ticker push: fields absent from the push stay undefined (only what is present is applied). */
export interface BybitTickerPush {
  readonly name: string;
  readonly ts: number;
  readonly markIv?: number;
  readonly forward?: number;
  readonly index?: number;
  readonly openInterest?: number;
  readonly markPrice?: number;
}

const WS = 'bybit tickers push';

function readPush(data: unknown, ts: number): BybitTickerPush {
  const f = venueRow<BybitWsOptionTicker>(data, 0, WS, 'symbol');
  const opt = (field: Field<BybitWsOptionTicker>) =>
    f.has(field) && f.string(field) !== '' ? f.decimal(field) : undefined;
  // The WebSocket option ticker names the mark IV markPriceIv (REST tickers: markIv); either is read.
  const markIv = opt('markPriceIv') ?? opt('markIv');
  const forward = opt('underlyingPrice');
  const index = opt('indexPrice');
  const openInterest = opt('openInterest');
  const markPrice = opt('markPrice');
  return {
    name: f.string('symbol'),
    ts,
    ...(markIv !== undefined ? { markIv } : {}),
    ...(forward !== undefined ? { forward } : {}),
    ...(index !== undefined ? { index } : {}),
    ...(openInterest !== undefined ? { openInterest } : {}),
    ...(markPrice !== undefined ? { markPrice } : {}),
  };
}

const topicList = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((t): t is string => typeof t === 'string') : [];

/**
 * Classifies one text frame of Bybit's public option WebSocket: the option stream's subscribe
 * answer `{success, type: "COMMAND_RESP", data: {successTopics, failTopics}}` (no `op`; an
 * acknowledgement whose failTopics are reported, not retried), the other streams'
 * `{op: subscribe, success}` acks, `{op: ping|pong}` answers, and
 * `{topic: "tickers.<symbol>", ts, type, data}` pushes.
 */
export function classifyBybitMessage(text: string): VenueWsMessage<BybitTickerPush> {
  const frame = jsonFrame(text);
  if ('malformed' in frame) return { kind: 'malformed', reason: frame.malformed };
  const body = frame.body;
  if (!isRecord(body)) return { kind: 'malformed', reason: 'frame is not a JSON object' };
  if (body.type === 'COMMAND_RESP') {
    const data = isRecord(body.data) ? body.data : {};
    const topics = { accepted: topicList(data.successTopics), refused: topicList(data.failTopics) };
    if (body.success === true || topics.refused.length > 0) return { kind: 'subscribed', topics };
    return { kind: 'error', reason: `Bybit refused the request: ${String(body.ret_msg ?? JSON.stringify(body.data))}` };
  }
  if (body.op === 'subscribe') {
    if (body.success === true) return { kind: 'subscribed' };
    return { kind: 'error', reason: `Bybit refused the subscription: ${String(body.ret_msg ?? '')}` };
  }
  if (typeof body.topic === 'string' && body.topic.startsWith(`${BYBIT_TICKERS_TOPIC}.`)) {
    if (!isRecord(body.data)) return { kind: 'malformed', reason: `${body.topic} push without a data object` };
    if (typeof body.ts !== 'number') return { kind: 'malformed', reason: `${body.topic} push without a ts` };
    try {
      return { kind: 'push', payload: readPush(body.data, checkInstant(body.topic, 'ts', body.ts)) };
    } catch (e) {
      if (e instanceof ChainInputError) return { kind: 'malformed', reason: e.message };
      throw e;
    }
  }
  return { kind: 'other' };
}

/** Bybit's option WebSocket for the `tickers.<symbol>` topics of `symbols()` (read at each connection). */
export function bybitTickersProtocol(symbols: () => readonly string[]): VenueWsProtocol<BybitTickerPush> {
  return {
    defaultUrl: BYBIT_OPTION_WS_URL,
    pingFrame: JSON.stringify({ op: 'ping' }),
    subscribeFrames: () => bybitSubscribeRequests(symbols()),
    classify: classifyBybitMessage,
  };
}

export interface AppliedPushes {
  readonly snapshot: ChainSnapshot;
  /** pushes written into options of the snapshot */
  readonly applied: number;
  /** pushes for instruments the snapshot does not hold (they enter at the next REST snapshot) */
  readonly ignored: number;
}

/**
 * Writes ticker pushes into a snapshot, as parseBybitChain would read the same values from REST:
 * iv = markPriceIv, forward = underlyingPrice, open interest = openInterest (coins), markPrice, and
 * spot = indexPrice, each only where the push carries it; asOf moves to the latest push `ts`. A
 * push whose iv or forward is not positive leaves its option as it was.
 */
export function applyBybitTickers(snapshot: ChainSnapshot, pushes: readonly BybitTickerPush[]): AppliedPushes {
  const latest = new Map<string, BybitTickerPush>();
  for (const p of pushes) {
    const seen = latest.get(p.name);
    if (seen === undefined || p.ts >= seen.ts) latest.set(p.name, p);
  }
  let applied = 0;
  let asOf = snapshot.asOf;
  let spot = snapshot.spot;
  let spotTs = -Infinity;
  const options: OptionQuote[] = snapshot.options.map((o) => {
    const p = latest.get(o.instrument);
    if (p === undefined) return o;
    if ((p.markIv !== undefined && !(p.markIv > 0)) || (p.forward !== undefined && !(p.forward > 0))) return o;
    applied++;
    asOf = Math.max(asOf, p.ts);
    if (p.index !== undefined && p.index > 0 && p.ts >= spotTs) {
      spot = p.index;
      spotTs = p.ts;
    }
    return {
      ...o,
      ...(p.markIv !== undefined ? { iv: p.markIv } : {}),
      ...(p.forward !== undefined ? { forward: p.forward } : {}),
      ...(p.openInterest !== undefined && p.openInterest >= 0
        ? { openInterest: p.openInterest / BYBIT_CONTRACT_SIZE }
        : {}),
      ...(p.markPrice !== undefined ? { markPrice: p.markPrice } : {}),
    };
  });
  return { snapshot: { ...snapshot, options, asOf, spot }, applied, ignored: latest.size - applied };
}
