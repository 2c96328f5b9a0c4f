import type { ChainSnapshot } from '../chain/types.js';
import { LIVE_VENUES, type LiveVenue, VENUES } from './registry.js';
import type { PacedGetOptions } from './venue/pacedGet.js';

export { LIVE_VENUES, type LiveVenue };

/** Each live venue's public REST origin. */
export const VENUE_BASE_URLS = Object.fromEntries(LIVE_VENUES.map((v) => [v, VENUES[v].restUrl])) as Readonly<
  Record<LiveVenue, string>
>;

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
  const entry = VENUES[venue];
  return entry.snapshots({ ...options, baseUrl: options.baseUrl ?? entry.restUrl });
}
