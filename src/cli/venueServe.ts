import { binanceLiveSource } from '../server/binanceSource.js';
import { bybitLiveSource } from '../server/bybitSource.js';
import { DeribitLiveSource } from '../server/deribitSource.js';
import { OkxLiveSource } from '../server/okxSource.js';
import type { ChainSource } from '../server/sources.js';
import type { StreamedVenueSource } from '../server/streamedSource.js';
import { AggregateSource, PollingSource } from '../server/venueSources.js';
import { binanceHttp } from '../sources/binance/rest.js';
import { bybitHttp } from '../sources/bybit/rest.js';
import { type CboeSymbol, cboeDelayedQuotesUrl, fetchCboeCsv, fetchCboeDelayedQuotes } from '../sources/cboe/live.js';
import { okxHttp } from '../sources/okx/rest.js';
import { baseUrlFor, type LiveVenue, parseVenueList } from './venues.js';

export interface VenueServeFlags {
  readonly venue: string;
  /** comma-separated currencies */
  readonly currency: string;
  readonly baseUrl?: string;
  readonly referenceVenue?: string;
  /** WebSocket URL of the one venue named, or `venue=URL` pairs (deribit, okx, bybit, binance) */
  readonly wsUrl?: string;
  /** REST refresh of OKX, Bybit and Binance between stream updates, seconds (default 10) */
  readonly pollSeconds?: number;
}

/** A URL for `venue` from a flag holding one URL (when one venue is named) or `venue=URL` pairs. */
function pairFor(flag: string | undefined, venue: LiveVenue, venues: readonly LiveVenue[]): string | undefined {
  if (flag === undefined) return undefined;
  if (!flag.includes('=')) return venues.length === 1 ? flag : undefined;
  for (const pair of flag.split(',')) {
    const at = pair.indexOf('=');
    if (pair.slice(0, at).trim().toLowerCase() === venue) return pair.slice(at + 1).trim();
  }
  return undefined;
}

function venueSource(
  venue: LiveVenue,
  currency: string,
  flags: VenueServeFlags,
  venues: readonly LiveVenue[],
  log: (line: string) => void,
): ChainSource {
  const baseUrl = baseUrlFor(flags.baseUrl, venue, venues);
  if (venue === 'deribit') {
    const deribitWs = pairFor(flags.wsUrl, venue, venues);
    return new DeribitLiveSource({
      feed: { currency, baseUrl, ...(deribitWs !== undefined ? { wsUrl: deribitWs } : {}) },
      log,
    });
  }
  return streamedVenueSource(venue, currency, { ...flags, baseUrl }, venues, log);
}

/**
 * OKX, Bybit or Binance live: REST snapshots every --poll-seconds (default 10), the venue's
 * WebSocket stream in between. `flags.baseUrl` is this venue's REST origin.
 */
export function streamedVenueSource(
  venue: Exclude<LiveVenue, 'deribit'>,
  currency: string,
  flags: Pick<VenueServeFlags, 'baseUrl' | 'wsUrl' | 'pollSeconds'> & { readonly retries?: number },
  venues: readonly LiveVenue[],
  log: (line: string) => void,
): StreamedVenueSource<unknown> {
  const url = pairFor(flags.wsUrl, venue, venues);
  const live = {
    currency,
    ...(url !== undefined ? { stream: { url } } : {}),
    restMs: (flags.pollSeconds ?? 10) * 1000,
    log,
  };
  const source =
    venue === 'okx'
      ? new OkxLiveSource({ ...live, http: okxHttp(baseOf(flags)) })
      : venue === 'bybit'
        ? bybitLiveSource({ ...live, http: bybitHttp(baseOf(flags)) })
        : binanceLiveSource({ ...live, http: binanceHttp(baseOf(flags)) });
  return source as StreamedVenueSource<unknown>;
}

const baseOf = (flags: { readonly baseUrl?: string; readonly retries?: number }) => ({
  ...(flags.baseUrl !== undefined ? { baseUrl: flags.baseUrl } : {}),
  ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
});

/**
 * `serve --venue okx` or `--venue deribit,okx`: one live source per venue and currency, and with
 * several venues one aggregated source per currency (`all-btc`), listed first.
 */
export function liveVenueSources(flags: VenueServeFlags, log: (line: string) => void): ChainSource[] {
  const venues = parseVenueList(flags.venue);
  const out: ChainSource[] = [];
  for (const currency of flags.currency
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '')) {
    const parts = venues.map((v) => venueSource(v, currency, flags, venues, log));
    if (parts.length > 1) {
      const c = currency.toUpperCase();
      out.push(
        new AggregateSource(`all-${c.toLowerCase()}`, `${c} all venues (${venues.join(' + ')})`, parts, {
          ...(flags.referenceVenue !== undefined ? { referenceVenue: flags.referenceVenue } : {}),
        }),
      );
    }
    out.push(...parts);
  }
  return out;
}

/** `serve --cboe URL`: CBOE delayed quotes downloaded every `pollSeconds` and read by the CSV reader. */
export function cboeUrlSource(url: string, pollSeconds: number, log: (line: string) => void): ChainSource {
  return new PollingSource({
    id: 'cboe-live',
    label: `CBOE delayed quotes (${new URL(url).pathname.split('/').pop() ?? url}, every ${pollSeconds} s)`,
    fetch: () => fetchCboeCsv(url),
    intervalMs: pollSeconds * 1000,
    log,
  });
}

/** `serve --cboe-symbol SPX`: CBOE's delayed-quotes JSON of the symbol, fetched every `pollSeconds`. */
export function cboeSymbolSource(
  symbol: CboeSymbol,
  pollSeconds: number,
  log: (line: string) => void,
  baseUrl?: string,
): ChainSource {
  const url = cboeDelayedQuotesUrl(symbol, baseUrl);
  return new PollingSource({
    id: `cboe-${symbol.toLowerCase()}-live`,
    label: `CBOE ${symbol} delayed quotes (${new URL(url).host}, every ${pollSeconds} s)`,
    fetch: (signal) => fetchCboeDelayedQuotes(symbol, { ...(baseUrl !== undefined ? { baseUrl } : {}), signal }),
    intervalMs: pollSeconds * 1000,
    log,
  });
}
