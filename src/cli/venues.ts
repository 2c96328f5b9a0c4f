import type { VenueAt, VenueSet } from '../sources/openChain.js';
import { isLiveVenue, LIVE_VENUES, type LiveVenue, VENUES } from '../sources/registry.js';
import { UsageError } from './usageError.js';

export { LIVE_VENUES, type LiveVenue } from '../sources/registry.js';

/** The venue flags every live command shares. */
export interface VenueFlags {
  /** one venue or a comma-separated list (an aggregated map) */
  readonly venue: string;
  /** a URL (one venue), or `venue=URL` pairs separated by commas */
  readonly baseUrl?: string;
  /** as baseUrl, for the WebSocket (serve, watch) */
  readonly wsUrl?: string;
  readonly retries?: number;
  /** the venue whose index is the aggregated spot (default: the first listed) */
  readonly referenceVenue?: string;
}

/** `deribit,okx` → ['deribit', 'okx'], each checked. */
function parseVenueList(text: string): LiveVenue[] {
  const venues = text
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  if (venues.length === 0) throw new UsageError('--venue names no venue');
  const known: LiveVenue[] = [];
  for (const v of venues) {
    if (!isLiveVenue(v)) throw new UsageError(`--venue ${v} is not supported; live venues: ${LIVE_VENUES.join(', ')}`);
    known.push(v);
  }
  if (new Set(venues).size !== venues.length) throw new UsageError(`--venue ${text} names a venue twice`);
  return known;
}

/**
 * The URL a flag gives each venue: one URL when one venue is named, else `venue=URL` pairs (the
 * first pair of a venue wins). `--base-url` is strict (a lone URL for several venues, or a pair
 * naming a venue not in --venue, is a usage error); `--ws-url` leaves such venues on their default.
 */
function urlsByVenue(
  flag: string | undefined,
  venues: readonly LiveVenue[],
  strict: boolean,
): ReadonlyMap<LiveVenue, string> {
  const urls = new Map<LiveVenue, string>();
  if (flag === undefined) return urls;
  if (!flag.includes('=')) {
    if (venues.length === 1) urls.set(venues[0] as LiveVenue, flag);
    else if (strict)
      throw new UsageError('with several venues, give --base-url as venue=URL pairs (okx=http://…,deribit=http://…)');
    return urls;
  }
  for (const pair of flag.split(',')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim().toLowerCase();
    const venue = venues.find((v) => v === name);
    if (venue === undefined) {
      if (strict) throw new UsageError(`--base-url names ${name}, which is not in --venue`);
    } else if (!urls.has(venue)) urls.set(venue, pair.slice(at + 1).trim());
  }
  return urls;
}

/** A live venue with both its URLs: REST, and the WebSocket its stream connects to. */
export interface LiveVenueAt extends VenueAt {
  /** the venue's default for its REST origin unless --ws-url named another */
  readonly wsUrl: string;
}

export interface LiveVenueSet extends VenueSet {
  readonly venues: readonly LiveVenueAt[];
}

/** --venue with its --base-url, --ws-url and --retries: each venue and where it is reached. */
export function venueSet(flags: VenueFlags): LiveVenueSet {
  const venues = parseVenueList(flags.venue);
  const rest = urlsByVenue(flags.baseUrl, venues, true);
  const ws = urlsByVenue(flags.wsUrl, venues, false);
  return {
    venues: venues.map((venue) => {
      const baseUrl = rest.get(venue) ?? VENUES[venue].restUrl;
      return { venue, baseUrl, wsUrl: ws.get(venue) ?? VENUES[venue].wsUrl(baseUrl) };
    }),
    ...(flags.referenceVenue !== undefined ? { referenceVenue: flags.referenceVenue } : {}),
    ...(flags.retries !== undefined ? { retries: flags.retries } : {}),
  };
}

/** `--currency` of a live chain, or the usage error naming the venue and what it takes. */
export function requireCurrency(currency: string | undefined, venue: LiveVenue): string {
  if (currency !== undefined) return currency;
  throw new UsageError(`--venue ${venue} needs --currency (${VENUES[venue].currencies})`);
}

/** The live venues in words for help texts: `deribit, okx, bybit or binance`. */
export function venuesInWords(last: 'or' | ','): string {
  const all = [...LIVE_VENUES];
  const end = all.pop();
  return last === 'or' ? `${all.join(', ')} or ${end}` : [...all, end].join(', ');
}

/** `BTC, eth` → ['BTC', 'eth']: a comma-separated currency list, blanks dropped. */
export function currencyList(text: string): string[] {
  return text
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}
