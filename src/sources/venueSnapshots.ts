import type { ChainSnapshot } from '../chain/types.js';
import { BINANCE_OPTIONS_URL, binanceHttp, fetchBinanceSnapshot } from './binance/rest.js';
import { BYBIT_PRODUCTION_URL, bybitHttp, fetchBybitSnapshot } from './bybit/rest.js';
import { DERIBIT_PRODUCTION_URL, DeribitHttp } from './deribit/live/http.js';
import { deribitMarket } from './deribit/live/market.js';
import { fetchDeribitSnapshot } from './deribit/live/snapshot.js';
import { fetchOkxSnapshot, OKX_PRODUCTION_URL, okxHttp } from './okx/rest.js';
import type { PacedGetOptions } from './venue/pacedGet.js';

/** Venues with a live REST adapter. */
export const LIVE_VENUES = ['deribit', 'okx', 'bybit', 'binance'] as const;
export type LiveVenue = (typeof LIVE_VENUES)[number];

/** Each live venue's public REST origin. */
export const VENUE_BASE_URLS: Readonly<Record<LiveVenue, string>> = {
  deribit: DERIBIT_PRODUCTION_URL,
  okx: OKX_PRODUCTION_URL,
  bybit: BYBIT_PRODUCTION_URL,
  binance: BINANCE_OPTIONS_URL,
};

export interface VenueFetchOptions extends PacedGetOptions {
  /** the venue's REST origin or a local server (default: production) */
  readonly baseUrl?: string;
}

/**
 * One REST client for `venue` (its pacing and rate-limit pauses shared by every call) and a
 * function fetching the whole chain of a currency (BTC, ETH …) through it.
 */
export function venueSnapshotFetcher(
  venue: LiveVenue,
  options: VenueFetchOptions = {},
): (currency: string) => Promise<ChainSnapshot> {
  const http = { ...options, baseUrl: options.baseUrl ?? VENUE_BASE_URLS[venue] };
  if (venue === 'okx') {
    const client = okxHttp(http);
    return (currency) => fetchOkxSnapshot(client, currency);
  }
  if (venue === 'bybit') {
    const client = bybitHttp(http);
    return (currency) => fetchBybitSnapshot(client, currency);
  }
  if (venue === 'binance') {
    const client = binanceHttp(http);
    return (currency) => fetchBinanceSnapshot(client, currency);
  }
  const client = new DeribitHttp(http);
  return async (currency) => (await fetchDeribitSnapshot(client, deribitMarket(currency))).snapshot;
}
