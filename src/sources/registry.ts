import type { ChainSnapshot } from '../chain/types.js';
import { binanceLiveFeed } from './binance/liveFeed.js';
import { BINANCE_OPTIONS_WS_URL } from './binance/messages.js';
import { BINANCE_OPTIONS_URL, binanceHttp, fetchBinanceSnapshot } from './binance/rest.js';
import { bybitLiveFeed } from './bybit/liveFeed.js';
import { BYBIT_OPTION_WS_URL } from './bybit/messages.js';
import { BYBIT_PRODUCTION_URL, bybitHttp, fetchBybitSnapshot } from './bybit/rest.js';
import { DERIBIT_PRODUCTION_URL, DeribitHttp } from './deribit/live/http.js';
import { deribitMarket } from './deribit/live/market.js';
import { fetchDeribitSnapshot } from './deribit/live/snapshot.js';
import { DeribitVenueFeed } from './deribit/live/venueFeed.js';
import { deribitWsUrl } from './deribit/live/ws.js';
import type { LiveFeed, LiveFeedSettings } from './liveFeed.js';
import { okxLiveFeed } from './okx/liveFeed.js';
import { OKX_PUBLIC_WS_URL } from './okx/messages.js';
import { fetchOkxSnapshot, OKX_PRODUCTION_URL, okxHttp } from './okx/rest.js';
import type { VenueHttp } from './venue/http.js';
import type { PacedGetOptions } from './venue/pacedGet.js';

/** How a venue's REST client is set up: its origin (or a local server) and its pacing and retries. */
export interface VenueHttpSettings extends PacedGetOptions {
  readonly baseUrl: string;
}

/** What the rest of the program knows about one live venue, and all it needs to read its chain. */
export interface VenueEntry {
  /** the public REST origin */
  readonly restUrl: string;
  /** the public WebSocket URL that goes with a REST origin (Deribit serves both from one host) */
  readonly wsUrl: (restUrl: string) => string;
  /** the currencies named when --currency is missing */
  readonly currencies: string;
  /** one REST client (its pacing shared by every call) and the whole chain of a currency through it */
  readonly snapshots: (http: VenueHttpSettings) => (currency: string) => Promise<ChainSnapshot>;
  /** the venue's live feed of one currency (not started) */
  readonly feed: (settings: LiveFeedSettings) => LiveFeed;
  /** the feed can record the venue's trade tape (LiveFeedSettings.tape), for flow positioning */
  readonly tradeTape: boolean;
}

/** The settings every REST-and-stream feed takes, its REST client made by `http`. */
function streamedFeed(
  venue: string,
  s: LiveFeedSettings,
  http: (o: { baseUrl: string; retries?: number }) => VenueHttp,
) {
  if (s.tape !== undefined) throw new RangeError(`${venue} records no trade tape`);
  return {
    currency: s.currency,
    http: http({ baseUrl: s.baseUrl, ...(s.retries !== undefined ? { retries: s.retries } : {}) }),
    stream: s.wsUrl !== undefined ? { url: s.wsUrl } : {},
    ...(s.snapshotRefreshMs !== undefined ? { restMs: s.snapshotRefreshMs } : {}),
    ...(s.log !== undefined ? { log: s.log } : {}),
  };
}

/** The live venues, one entry each. A new venue is a folder under `sources/` and one entry here. */
const ENTRIES = {
  deribit: {
    restUrl: DERIBIT_PRODUCTION_URL,
    wsUrl: deribitWsUrl,
    currencies: 'BTC, ETH, SOL, XRP …',
    snapshots: (http) => {
      const client = new DeribitHttp(http);
      return async (currency) => (await fetchDeribitSnapshot(client, deribitMarket(currency))).snapshot;
    },
    feed: (s) =>
      new DeribitVenueFeed({
        feed: {
          currency: s.currency,
          baseUrl: s.baseUrl,
          ...(s.wsUrl !== undefined ? { wsUrl: s.wsUrl } : {}),
          ...(s.retries !== undefined ? { http: { retries: s.retries } } : {}),
          ...(s.heartbeatSeconds !== undefined ? { ws: { heartbeatSeconds: s.heartbeatSeconds } } : {}),
          ...(s.openInterestPollMs !== undefined ? { openInterestPollMs: s.openInterestPollMs } : {}),
          ...(s.tape !== undefined ? { tape: s.tape } : {}),
        },
        ...(s.log !== undefined ? { log: s.log } : {}),
      }),
    tradeTape: true,
  },
  okx: {
    restUrl: OKX_PRODUCTION_URL,
    wsUrl: () => OKX_PUBLIC_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = okxHttp(http);
      return (currency) => fetchOkxSnapshot(client, currency);
    },
    feed: (s) => okxLiveFeed(streamedFeed('okx', s, okxHttp)),
    tradeTape: false,
  },
  bybit: {
    restUrl: BYBIT_PRODUCTION_URL,
    wsUrl: () => BYBIT_OPTION_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = bybitHttp(http);
      return (currency) => fetchBybitSnapshot(client, currency);
    },
    feed: (s) => bybitLiveFeed(streamedFeed('bybit', s, bybitHttp)),
    tradeTape: false,
  },
  binance: {
    restUrl: BINANCE_OPTIONS_URL,
    wsUrl: () => BINANCE_OPTIONS_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = binanceHttp(http);
      return (currency) => fetchBinanceSnapshot(client, currency);
    },
    feed: (s) => binanceLiveFeed(streamedFeed('binance', s, binanceHttp)),
    tradeTape: false,
  },
} satisfies Record<string, VenueEntry>;

export type LiveVenue = keyof typeof ENTRIES;

export const VENUES: Readonly<Record<LiveVenue, VenueEntry>> = ENTRIES;

/** Venues with a live REST adapter, in the order help texts list them. */
export const LIVE_VENUES = Object.keys(VENUES) as readonly LiveVenue[];

export function isLiveVenue(name: string): name is LiveVenue {
  return Object.hasOwn(VENUES, name);
}
