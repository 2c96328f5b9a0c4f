import type { ChainSnapshot } from '../chain/types.js';
import { BINANCE_OPTIONS_WS_URL } from './binance/messages.js';
import { BINANCE_OPTIONS_URL, binanceHttp, fetchBinanceSnapshot } from './binance/rest.js';
import { BYBIT_OPTION_WS_URL } from './bybit/messages.js';
import { BYBIT_PRODUCTION_URL, bybitHttp, fetchBybitSnapshot } from './bybit/rest.js';
import { DERIBIT_PRODUCTION_URL, DeribitHttp } from './deribit/live/http.js';
import { deribitMarket } from './deribit/live/market.js';
import { fetchDeribitSnapshot } from './deribit/live/snapshot.js';
import { deribitWsUrl } from './deribit/live/ws.js';
import { OKX_PUBLIC_WS_URL } from './okx/messages.js';
import { fetchOkxSnapshot, OKX_PRODUCTION_URL, okxHttp } from './okx/rest.js';
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
}

/**
 * The live venues, one entry each. A new venue is a folder under `sources/` and one entry here;
 * its live source (a server class, which `sources/` cannot import) is one entry of the live-source
 * table keyed by the same names (`cli/liveSources.ts`).
 */
const ENTRIES = {
  deribit: {
    restUrl: DERIBIT_PRODUCTION_URL,
    wsUrl: deribitWsUrl,
    currencies: 'BTC, ETH, SOL, XRP …',
    snapshots: (http) => {
      const client = new DeribitHttp(http);
      return async (currency) => (await fetchDeribitSnapshot(client, deribitMarket(currency))).snapshot;
    },
  },
  okx: {
    restUrl: OKX_PRODUCTION_URL,
    wsUrl: () => OKX_PUBLIC_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = okxHttp(http);
      return (currency) => fetchOkxSnapshot(client, currency);
    },
  },
  bybit: {
    restUrl: BYBIT_PRODUCTION_URL,
    wsUrl: () => BYBIT_OPTION_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = bybitHttp(http);
      return (currency) => fetchBybitSnapshot(client, currency);
    },
  },
  binance: {
    restUrl: BINANCE_OPTIONS_URL,
    wsUrl: () => BINANCE_OPTIONS_WS_URL,
    currencies: 'BTC, ETH …',
    snapshots: (http) => {
      const client = binanceHttp(http);
      return (currency) => fetchBinanceSnapshot(client, currency);
    },
  },
} satisfies Record<string, VenueEntry>;

export type LiveVenue = keyof typeof ENTRIES;

export const VENUES: Readonly<Record<LiveVenue, VenueEntry>> = ENTRIES;

/** Venues with a live REST adapter, in the order help texts list them. */
export const LIVE_VENUES = Object.keys(VENUES) as readonly LiveVenue[];

export function isLiveVenue(name: string): name is LiveVenue {
  return Object.hasOwn(VENUES, name);
}
