import type { ChainSnapshot } from '../../chain/types.js';
import { allOrNothing } from '../venue/allOrNothing.js';
import { VenueHttp, type VenueHttpOptions } from '../venue/http.js';
import { isRecord } from '../venue/json.js';
import { bybitHttpStatusKind, unwrapBybit } from './errors.js';
import { BYBIT_INSTRUMENTS, BYBIT_TICKERS, parseBybitChain } from './parse.js';

export const BYBIT_PRODUCTION_URL = 'https://api.bybit.com';

/** Pages of instruments-info beyond this are refused: a cursor that never ends is a broken answer. */
const MAX_PAGES = 50;

export function bybitHttp(options: Partial<VenueHttpOptions> = {}): VenueHttp {
  return new VenueHttp('bybit', unwrapBybit, {
    baseUrl: BYBIT_PRODUCTION_URL,
    statusKind: bybitHttpStatusKind,
    ...options,
  });
}

/** Every page of instruments-info (limit 1000, following nextPageCursor). */
export async function fetchBybitInstruments(
  http: VenueHttp,
  baseCoin: string,
  signal?: AbortSignal,
): Promise<unknown[]> {
  const pages: unknown[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < MAX_PAGES; i++) {
    const page = await http.get(BYBIT_INSTRUMENTS, { category: 'option', baseCoin, limit: 1000, cursor }, signal);
    pages.push(page);
    const next = isRecord(page) && isRecord(page.result) ? page.result.nextPageCursor : undefined;
    if (typeof next !== 'string' || next === '') return pages;
    cursor = next;
  }
  throw new RangeError(`bybit ${BYBIT_INSTRUMENTS}: more than ${MAX_PAGES} pages`);
}

/** A chain snapshot from Bybit REST (instruments-info, every page, and tickers), parsed by parseBybitChain. */
export async function fetchBybitSnapshot(
  http: VenueHttp,
  currency: string,
  opts: { readonly maxIv?: number } = {},
): Promise<ChainSnapshot> {
  const baseCoin = currency.toUpperCase();
  const [instruments, tickers] = await allOrNothing<[unknown[], unknown]>((signal) => [
    fetchBybitInstruments(http, baseCoin, signal),
    http.get(BYBIT_TICKERS, { category: 'option', baseCoin }, signal),
  ]);
  return parseBybitChain({
    instruments,
    tickers,
    source: `${http.baseUrl} ${baseCoin} options (REST)`,
    ...(opts.maxIv !== undefined ? { maxIv: opts.maxIv } : {}),
  });
}
