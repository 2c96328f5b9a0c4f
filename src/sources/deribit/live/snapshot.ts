import { ChainInputError, type ChainSnapshot } from '../../../chain/types.js';
import { allOrNothing } from '../../venue/allOrNothing.js';
import { isRecord } from '../../venue/json.js';
import { type DeribitChainInput, parseDeribitChain } from '../parse.js';
import type { DeribitHttp } from './http.js';
import { type DeribitMarket, inMarket } from './market.js';
import { parseIndexPriceResult } from './parse.js';

export const GET_INSTRUMENTS = 'public/get_instruments';
export const GET_BOOK_SUMMARY = 'public/get_book_summary_by_currency';
export const GET_INDEX_PRICE = 'public/get_index_price';

/** The three REST answers a chain snapshot is parsed from, narrowed to the market's options. */
export interface DeribitSnapshotPayloads {
  readonly instruments: readonly unknown[];
  readonly summaries: readonly unknown[];
  readonly indexPrice: number;
}

function resultRows(result: unknown, method: string): readonly unknown[] {
  if (!Array.isArray(result)) throw new ChainInputError(`${method}: result is not an array`, method, 'result');
  return result;
}

/** Keeps the rows of the market (the USDC umbrella lists every linear chain together); unnamed rows stay, for the parser to name. */
export function marketRows(rows: readonly unknown[], market: DeribitMarket): unknown[] {
  return rows.filter((row) => {
    const name = isRecord(row) ? row.instrument_name : undefined;
    return typeof name !== 'string' || inMarket(market, name);
  });
}

export async function fetchInstruments(
  http: DeribitHttp,
  market: DeribitMarket,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const result = await http.call(
    GET_INSTRUMENTS,
    { currency: market.restCurrency, kind: 'option', expired: false },
    signal,
  );
  return marketRows(resultRows(result, GET_INSTRUMENTS), market);
}

export async function fetchSummaries(
  http: DeribitHttp,
  market: DeribitMarket,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const result = await http.call(GET_BOOK_SUMMARY, { currency: market.restCurrency, kind: 'option' }, signal);
  return marketRows(resultRows(result, GET_BOOK_SUMMARY), market);
}

export async function fetchIndexPrice(http: DeribitHttp, market: DeribitMarket, signal?: AbortSignal): Promise<number> {
  const result = await http.call(GET_INDEX_PRICE, { index_name: market.indexName }, signal);
  return parseIndexPriceResult(result, GET_INDEX_PRICE);
}

/** The source line of a live snapshot. */
export function liveSource(http: DeribitHttp, market: DeribitMarket): string {
  return `${http.baseUrl} ${market.name} options (REST)`;
}

/** Parses the payloads with the same parser as the files on disk; spot is the index price. */
export function parseSnapshotPayloads(
  payloads: DeribitSnapshotPayloads,
  source: string,
  maxIv?: number,
): ChainSnapshot {
  return parseDeribitChain({
    instruments: payloads.instruments as DeribitChainInput['instruments'],
    summaries: payloads.summaries as DeribitChainInput['summaries'],
    source,
    indexPrice: payloads.indexPrice,
    ...(maxIv !== undefined ? { maxIv } : {}),
  });
}

/** A summary row for an instrument that the instruments answer did not list yet: a listing raced the two requests. */
export function isListingRace(e: unknown): boolean {
  return e instanceof ChainInputError && e.field === 'instrument_name' && e.message.includes('but not in');
}

/**
 * A chain snapshot from REST: public/get_instruments, public/get_book_summary_by_currency
 * (kind=option) and public/get_index_price, parsed by parseDeribitChain. When an instrument is
 * listed between the two answers, the pair is fetched once more.
 */
export async function fetchDeribitPayloads(http: DeribitHttp, market: DeribitMarket): Promise<DeribitSnapshotPayloads> {
  const [instruments, summaries, indexPrice] = await allOrNothing<[unknown[], unknown[], number]>((signal) => [
    fetchInstruments(http, market, signal),
    fetchSummaries(http, market, signal),
    fetchIndexPrice(http, market, signal),
  ]);
  return { instruments, summaries, indexPrice };
}

export async function fetchDeribitSnapshot(
  http: DeribitHttp,
  market: DeribitMarket,
  opts: { readonly maxIv?: number } = {},
): Promise<{ readonly snapshot: ChainSnapshot; readonly payloads: DeribitSnapshotPayloads }> {
  const source = liveSource(http, market);
  let payloads = await fetchDeribitPayloads(http, market);
  try {
    return { snapshot: parseSnapshotPayloads(payloads, source, opts.maxIv), payloads };
  } catch (e) {
    if (!isListingRace(e)) throw e;
    payloads = await fetchDeribitPayloads(http, market);
    return { snapshot: parseSnapshotPayloads(payloads, source, opts.maxIv), payloads };
  }
}
