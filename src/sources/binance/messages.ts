import { ChainInputError, type ChainSnapshot, type OptionQuote, yearsBetween } from '../../chain/types.js';
import { type Field, venueRow } from '../venue/fields.js';
import { isRecord } from '../venue/json.js';
import { jsonFrame, type VenueWsMessage, type VenueWsProtocol } from '../venue/wsStream.js';
import type { BinanceWsIndex, BinanceWsMarkPrice } from './payloads.js';

/**
 * Binance's options market streams, as its current documentation and connectors have them: the
 * `/market` path of the futures stream host, streams `<underlying>@optionMarkPrice` (every option
 * of the underlying, lower case) and `!index@arr` (every underlying's index).
 */
export const BINANCE_OPTIONS_WS_URL = 'wss://fstream.binance.com/market/ws';
/**
 * The first-generation endpoint, with streams `<base>@markPrice` and `<underlying>@index`; used
 * when given as the stream URL (`--ws-url wss://nbstream.binance.com/eoptions/ws`).
 */
export const BINANCE_EOPTIONS_WS_URL = 'wss://nbstream.binance.com/eoptions/ws';

const isEoptions = (url: string) => /\/eoptions(\/|$)/.test(new URL(url).pathname);

/** The streams of an underlying (BTCUSDT) on the endpoint `url`. */
export function binanceStreams(underlying: string, url: string = BINANCE_OPTIONS_WS_URL): string[] {
  if (isEoptions(url)) return [`${underlying.replace(/(USDT|USDC|USD)$/, '')}@markPrice`, `${underlying}@index`];
  return [`${underlying.toLowerCase()}@optionMarkPrice`, '!index@arr'];
}

/** The documented live subscription request. */
export function binanceSubscribeRequest(underlying: string, url: string = BINANCE_OPTIONS_WS_URL): string {
  return JSON.stringify({ method: 'SUBSCRIBE', params: binanceStreams(underlying, url), id: 1 });
}

/** One option of a markPrice push; fields absent from the push stay undefined. */
export interface BinanceMark {
  readonly name: string;
  /** event time E */
  readonly ts: number;
  /** vo: mark implied volatility (decimal) */
  readonly markIv?: number;
  /** mp */
  readonly markPrice?: number;
  /** i: index price */
  readonly index?: number;
}

export type BinancePush =
  | { readonly kind: 'marks'; readonly rows: readonly BinanceMark[] }
  | { readonly kind: 'index'; readonly ts: number; readonly index: number };

const WS = 'binance markPrice push';

function readMark(row: unknown, i: number): BinanceMark {
  const f = venueRow<BinanceWsMarkPrice>(row, i, WS, 's');
  const opt = (field: Field<BinanceWsMarkPrice>) =>
    f.has(field) && f.string(field) !== '' ? f.decimal(field) : undefined;
  // rf is not read: see applyBinancePush
  const markIv = opt('vo');
  const markPrice = opt('mp');
  const index = opt('i');
  return {
    name: f.string('s'),
    ts: f.decimalInstant('E'),
    ...(markIv !== undefined ? { markIv } : {}),
    ...(markPrice !== undefined ? { markPrice } : {}),
    ...(index !== undefined ? { index } : {}),
  };
}

/** The index of one underlying, from an `!index@arr` entry or a first-generation `index` event. */
function readIndex(row: unknown, i: number): BinancePush {
  const f = venueRow<BinanceWsIndex>(row, i, 'binance index push', 's');
  return { kind: 'index', ts: f.decimalInstant('E'), index: f.decimal('p') };
}

/**
 * Classifies one frame of Binance's options WebSocket (raw `/ws` or combined `/stream`, whose
 * `{stream, data}` wrapper is opened): `{result: null, id}` acks, `{error}` / `{code, msg}` refusals,
 * markPrice arrays `[{e: "markPrice", E, s, mp, vo, i, rf, …}]`, and the index: an array
 * `[{e: "indexPrice", E, s, p}, …]` of every underlying (the entry of `underlying` is read) or,
 * on the first-generation endpoint, one event `{e: "index", E, s, p}`.
 */
export function classifyBinanceMessage(text: string, underlying?: string): VenueWsMessage<BinancePush> {
  const frame = jsonFrame(text);
  if ('malformed' in frame) return { kind: 'malformed', reason: frame.malformed };
  let body = frame.body;
  if (isRecord(body) && typeof body.stream === 'string' && 'data' in body) body = body.data;
  try {
    if (Array.isArray(body)) {
      if (body.length > 0 && body.every((r) => isRecord(r) && r.e === 'markPrice')) {
        return { kind: 'push', payload: { kind: 'marks', rows: body.map(readMark) } };
      }
      if (body.length > 0 && body.every((r) => isRecord(r) && r.e === 'indexPrice')) {
        const at = body.findIndex((r) => underlying === undefined || (r as { s?: unknown }).s === underlying);
        if (at < 0) return { kind: 'other' };
        return { kind: 'push', payload: readIndex(body[at], at) };
      }
      return { kind: 'other' };
    }
    if (!isRecord(body)) return { kind: 'malformed', reason: 'frame is not a JSON object or array' };
    if ('result' in body && 'id' in body) return { kind: 'subscribed' };
    if (isRecord(body.error)) {
      return { kind: 'error', reason: `Binance error ${String(body.error.code)} ${String(body.error.msg)}` };
    }
    if (typeof body.code === 'number')
      return { kind: 'error', reason: `Binance error ${body.code} ${String(body.msg)}` };
    if (body.e === 'index') {
      return { kind: 'push', payload: readIndex(body, 0) };
    }
  } catch (e) {
    if (e instanceof ChainInputError) return { kind: 'malformed', reason: e.message };
    throw e;
  }
  return { kind: 'other' };
}

/** Binance's options WebSocket for `underlying` (BTCUSDT), its stream names those of the endpoint `url`. */
export function binanceProtocol(
  underlying: string,
  url: string = BINANCE_OPTIONS_WS_URL,
): VenueWsProtocol<BinancePush> {
  return {
    defaultUrl: BINANCE_OPTIONS_WS_URL,
    subscribeFrames: () => [binanceSubscribeRequest(underlying, url)],
    classify: (text) => classifyBinanceMessage(text, underlying),
  };
}

/**
 * Writes a push into a snapshot as parseBinanceChain reads REST: iv = vo, forward = i·e^{r·t} with
 * t from the push time E to expiry, spot = i (markPrice) or p (index); asOf moves to the latest E.
 * Open interest (and mp, which the REST parser does not read either) change only with a REST
 * snapshot. `applied` counts options written (an index push counts 1 when it moves spot or asOf).
 *
 * The rate r is the option's REST `riskFreeInterest` (`rates`, from the last REST snapshot), never
 * the stream's `rf`: REST mark rows carry Binance's rate (0.065 on a BTC row of July 2025) while
 * the option stream's frames carry `rf` "0.0" (recorded December 2025), so reading both would move
 * every forward by e^{-r·t} at each frame and back at each REST poll. With one rate, a frame at the
 * REST index and instant leaves the forward exactly as the poll set it. An option without a REST
 * rate keeps its forward (the push still moves its iv).
 */
export function applyBinancePush(
  snapshot: ChainSnapshot,
  push: BinancePush,
  rates: ReadonlyMap<string, number> = new Map(),
): { snapshot: ChainSnapshot; applied: number } {
  if (push.kind === 'index') {
    if (!(push.index > 0) || push.ts < snapshot.asOf) return { snapshot, applied: 0 };
    return { snapshot: { ...snapshot, spot: push.index, asOf: push.ts }, applied: 1 };
  }
  const latest = new Map<string, BinanceMark>();
  for (const r of push.rows) {
    const seen = latest.get(r.name);
    if (seen === undefined || r.ts >= seen.ts) latest.set(r.name, r);
  }
  let applied = 0;
  let asOf = snapshot.asOf;
  let spot = snapshot.spot;
  const options: OptionQuote[] = snapshot.options.map((o) => {
    const r = latest.get(o.instrument);
    if (r === undefined || (r.markIv !== undefined && !(r.markIv > 0))) return o;
    const rate = rates.get(o.instrument);
    const forward =
      r.index !== undefined && r.index > 0 && rate !== undefined
        ? r.index * Math.exp(rate * Math.max(0, yearsBetween(r.ts, o.expiry)))
        : undefined;
    if (r.markIv === undefined && forward === undefined) return o;
    applied++;
    if (r.ts >= asOf) {
      asOf = r.ts;
      if (r.index !== undefined && r.index > 0) spot = r.index;
    }
    return {
      ...o,
      ...(r.markIv !== undefined ? { iv: r.markIv } : {}),
      ...(forward !== undefined ? { forward } : {}),
    };
  });
  return { snapshot: { ...snapshot, options, asOf, spot }, applied };
}
