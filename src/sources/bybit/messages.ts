import { checkInstant } from '../../chain/instant.js';
import { ChainInputError, type ChainSnapshot, type OptionQuote } from '../../chain/types.js';
import { isRecord } from '../deribit/fields.js';
import { venueRow } from '../venue/fields.js';
import { jsonFrame, type VenueWsMessage, type VenueWsProtocol } from '../venue/wsStream.js';
import { BYBIT_CONTRACT_SIZE } from './parse.js';

export const BYBIT_OPTION_WS_URL = 'wss://stream.bybit.com/v5/public/option';
export const BYBIT_TICKERS_TOPIC = 'tickers';
/** topics per subscribe request (Bybit limits the args of one request; 10 is within every category's limit) */
export const BYBIT_TOPICS_PER_REQUEST = 10;

/** The documented subscribe requests for the `tickers.<symbol>` topics of these option symbols. */
export function bybitSubscribeRequests(symbols: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < symbols.length; i += BYBIT_TOPICS_PER_REQUEST) {
    const args = symbols.slice(i, i + BYBIT_TOPICS_PER_REQUEST).map((s) => `${BYBIT_TICKERS_TOPIC}.${s}`);
    out.push(JSON.stringify({ op: 'subscribe', args }));
  }
  return out;
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
  const f = venueRow(data, 0, WS, 'symbol');
  const opt = (field: string) => (f.has(field) && f.string(field) !== '' ? f.decimal(field) : undefined);
  // The WebSocket option ticker names the mark IV markPriceIv (REST tickers: markIv); either is read.
  const markIv = opt('markPriceIv') ?? opt('markIv');
  const fields = {
    markIv,
    forward: opt('underlyingPrice'),
    index: opt('indexPrice'),
    openInterest: opt('openInterest'),
    markPrice: opt('markPrice'),
  };
  const push: Record<string, unknown> = { name: f.string('symbol'), ts };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) push[k] = v;
  return push as unknown as BybitTickerPush;
}

/**
 * Classifies one text frame of Bybit's public option WebSocket: `{op: subscribe, success}` acks,
 * `{op: ping|pong}` answers, and `{topic: "tickers.<symbol>", ts, type, data}` pushes.
 */
export function classifyBybitMessage(text: string): VenueWsMessage<BybitTickerPush> {
  const frame = jsonFrame(text);
  if ('malformed' in frame) return { kind: 'malformed', reason: frame.malformed };
  const body = frame.body;
  if (!isRecord(body)) return { kind: 'malformed', reason: 'frame is not a JSON object' };
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
