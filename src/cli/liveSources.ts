import { binanceLiveSource } from '../server/binanceSource.js';
import { bybitLiveSource } from '../server/bybitSource.js';
import { DeribitLiveSource } from '../server/deribitSource.js';
import { OkxLiveSource } from '../server/okxSource.js';
import type { LiveVenueSourceOptions, StreamedVenueSource } from '../server/streamedSource.js';
import { binanceHttp } from '../sources/binance/rest.js';
import { bybitHttp } from '../sources/bybit/rest.js';
import { okxHttp } from '../sources/okx/rest.js';
import type { LiveVenue } from '../sources/registry.js';
import type { VenueHttp } from '../sources/venue/http.js';
import type { LiveVenueAt } from './venues.js';

/** What a live source of one venue and currency is built from. */
export interface LiveSourceSettings {
  readonly currency: string;
  /** the venue's REST origin and WebSocket URL */
  readonly at: LiveVenueAt;
  /** retries of a failed REST request (REST-and-stream venues) */
  readonly retries?: number;
  /** REST refresh between stream updates of the REST-and-stream venues, seconds (default 10) */
  readonly pollSeconds?: number;
  readonly log: (line: string) => void;
}

/**
 * A venue's live source, by the live-feed model it runs on: Deribit's feed keeps one chain current
 * from its WebSocket (and can take the trade tape); the others are REST snapshots with the venue's
 * stream written into them between.
 */
export type LiveAdapter =
  | { readonly model: 'deribit-feed'; readonly source: (s: LiveSourceSettings) => DeribitLiveSource }
  | { readonly model: 'rest-and-stream'; readonly source: (s: LiveSourceSettings) => StreamedVenueSource<unknown> };

/** The settings every REST-and-stream source takes, its REST client made by `http`. */
function streamed(
  s: LiveSourceSettings,
  http: (o: { baseUrl: string; retries?: number }) => VenueHttp,
): LiveVenueSourceOptions<{ url: string }> {
  return {
    currency: s.currency,
    http: http({ baseUrl: s.at.baseUrl, ...(s.retries !== undefined ? { retries: s.retries } : {}) }),
    stream: { url: s.at.wsUrl },
    restMs: (s.pollSeconds ?? 10) * 1000,
    log: s.log,
  };
}

/**
 * The live source of each venue of the registry (`sources/registry.ts`), keyed by the same names:
 * the sources are server classes, which `sources/` cannot import.
 */
export const LIVE_SOURCES: Readonly<Record<LiveVenue, LiveAdapter>> = {
  deribit: {
    model: 'deribit-feed',
    source: (s) =>
      new DeribitLiveSource({
        feed: {
          currency: s.currency,
          baseUrl: s.at.baseUrl,
          ...(s.at.wsUrl !== undefined ? { wsUrl: s.at.wsUrl } : {}),
        },
        log: s.log,
      }),
  },
  okx: {
    model: 'rest-and-stream',
    source: (s) => new OkxLiveSource(streamed(s, okxHttp)) as StreamedVenueSource<unknown>,
  },
  bybit: {
    model: 'rest-and-stream',
    source: (s) => bybitLiveSource(streamed(s, bybitHttp)) as StreamedVenueSource<unknown>,
  },
  binance: {
    model: 'rest-and-stream',
    source: (s) => binanceLiveSource(streamed(s, binanceHttp)) as StreamedVenueSource<unknown>,
  },
};
