import { LiveFeedSource } from '../server/liveFeedSource.js';
import type { ChainSource } from '../server/sources.js';
import { AggregateSource, PollingSource } from '../server/venueSources.js';
import { type CboeSymbol, cboeDelayedQuotesUrl, fetchCboeCsv, fetchCboeDelayedQuotes } from '../sources/cboe/live.js';
import { VENUES } from '../sources/registry.js';
import { currencyList, venueSet } from './venues.js';

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

/**
 * `serve --venue okx` or `--venue deribit,okx`: one live source per venue and currency, and with
 * several venues one aggregated source per currency (`all-btc`), listed first.
 */
export function liveVenueSources(flags: VenueServeFlags, log: (line: string) => void): ChainSource[] {
  const set = venueSet(flags);
  const venues = set.venues.map((at) => at.venue);
  const out: ChainSource[] = [];
  for (const currency of currencyList(flags.currency)) {
    const parts = set.venues.map(
      (at) =>
        new LiveFeedSource(
          VENUES[at.venue].feed({
            currency,
            baseUrl: at.baseUrl,
            wsUrl: at.wsUrl,
            snapshotRefreshMs: (flags.pollSeconds ?? 10) * 1000,
            log,
          }),
        ),
    );
    if (parts.length > 1) {
      const c = currency.toUpperCase();
      out.push(
        new AggregateSource(`all-${c.toLowerCase()}`, `${c} all venues (${venues.join(' + ')})`, parts, {
          ...(set.referenceVenue !== undefined ? { referenceVenue: set.referenceVenue } : {}),
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
