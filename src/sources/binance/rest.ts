import type { ChainSnapshot } from '../../chain/types.js';
import { allOrNothing } from '../venue/allOrNothing.js';
import { VenueHttp, type VenueHttpOptions } from '../venue/http.js';
import { isRecord } from '../venue/json.js';
import { unwrapBinance } from './errors.js';
import {
  BINANCE_EXCHANGE_INFO,
  BINANCE_INDEX,
  BINANCE_MARK,
  BINANCE_OPEN_INTEREST,
  parseBinanceChain,
  readBinanceRates,
} from './parse.js';

export const BINANCE_OPTIONS_URL = 'https://eapi.binance.com';

export function binanceHttp(options: Partial<VenueHttpOptions> = {}): VenueHttp {
  return new VenueHttp('binance', unwrapBinance, { baseUrl: BINANCE_OPTIONS_URL, ...options });
}

/** yymmdd (UTC) of the expiries of `underlying` listed in exchangeInfo: openInterest is asked per expiry. */
function expiriesOf(exchangeInfo: unknown, underlying: string): string[] {
  const symbols = isRecord(exchangeInfo) && Array.isArray(exchangeInfo.optionSymbols) ? exchangeInfo.optionSymbols : [];
  const out = new Set<string>();
  for (const s of symbols) {
    if (!isRecord(s) || s.underlying !== underlying || typeof s.symbol !== 'string') continue;
    const part = s.symbol.split('-')[1];
    if (part !== undefined && /^\d{6}$/.test(part)) out.add(part);
  }
  return [...out].sort();
}

/**
 * A chain snapshot from Binance's options REST API: exchangeInfo, mark and index side by side,
 * then openInterest for each listed expiry of the underlying; parsed by parseBinanceChain.
 */
export async function fetchBinanceSnapshot(
  http: VenueHttp,
  currency: string,
  opts: { readonly maxIv?: number } = {},
): Promise<ChainSnapshot> {
  return (await fetchBinanceMarket(http, currency, opts)).snapshot;
}

/** A REST snapshot and each option's `riskFreeInterest`: the rates the stream's forwards are written with. */
export async function fetchBinanceMarket(
  http: VenueHttp,
  currency: string,
  opts: { readonly maxIv?: number } = {},
): Promise<{ readonly snapshot: ChainSnapshot; readonly rates: ReadonlyMap<string, number> }> {
  const base = currency.toUpperCase();
  const underlying = `${base}USDT`;
  const [exchangeInfo, marks, index] = await allOrNothing<[unknown, unknown, unknown]>((signal) => [
    http.get(BINANCE_EXCHANGE_INFO, {}, signal),
    http.get(BINANCE_MARK, {}, signal),
    http.get(BINANCE_INDEX, { underlying }, signal),
  ]);
  const expiries = expiriesOf(exchangeInfo, underlying);
  const openInterest = await allOrNothing<unknown[]>((signal) =>
    expiries.map((expiration) => http.get(BINANCE_OPEN_INTEREST, { underlyingAsset: base, expiration }, signal)),
  );
  const snapshot = parseBinanceChain({
    exchangeInfo,
    marks,
    openInterest,
    index,
    underlying,
    source: `${http.baseUrl} ${underlying} options (REST)`,
    ...(opts.maxIv !== undefined ? { maxIv: opts.maxIv } : {}),
  });
  return { snapshot, rates: readBinanceRates(marks) };
}
