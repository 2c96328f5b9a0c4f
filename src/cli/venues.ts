import { aggregateChains } from '../chain/aggregate.js';
import type { ChainSnapshot } from '../chain/types.js';
import { LIVE_VENUES, type LiveVenue, VENUE_BASE_URLS, venueSnapshotFetcher } from '../sources/venueSnapshots.js';
import { UsageError } from './usageError.js';

export { LIVE_VENUES, type LiveVenue } from '../sources/venueSnapshots.js';

export interface VenueFlags {
  /** one venue or a comma-separated list (an aggregated map) */
  readonly venue?: string;
  readonly currency?: string;
  /** a URL (one venue), or `venue=URL` pairs separated by commas */
  readonly baseUrl?: string;
  readonly retries?: number;
  /** the venue whose index is the aggregated spot (default: the first listed) */
  readonly referenceVenue?: string;
}

/** `deribit,okx` → ['deribit', 'okx'], each checked. */
export function parseVenueList(text: string): LiveVenue[] {
  const venues = text
    .split(',')
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== '');
  if (venues.length === 0) throw new UsageError('--venue names no venue');
  for (const v of venues) {
    if (!(LIVE_VENUES as readonly string[]).includes(v)) {
      throw new UsageError(`--venue ${v} is not supported; live venues: ${LIVE_VENUES.join(', ')}`);
    }
  }
  if (new Set(venues).size !== venues.length) throw new UsageError(`--venue ${text} names a venue twice`);
  return venues as LiveVenue[];
}

/** The base URL of `venue`: `--base-url URL` for a single venue, or its `venue=URL` pair. */
export function baseUrlFor(flag: string | undefined, venue: LiveVenue, venues: readonly LiveVenue[]): string {
  const fallback = VENUE_BASE_URLS[venue];
  if (flag === undefined) return fallback;
  if (!flag.includes('=')) {
    if (venues.length > 1)
      throw new UsageError('with several venues, give --base-url as venue=URL pairs (okx=http://…,deribit=http://…)');
    return flag;
  }
  for (const pair of flag.split(',')) {
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim().toLowerCase();
    if (!(venues as readonly string[]).includes(name))
      throw new UsageError(`--base-url names ${name}, which is not in --venue`);
    if (name === venue) return pair.slice(at + 1).trim();
  }
  return fallback;
}

/** One venue's snapshot from its public REST API. */
export async function fetchVenueSnapshot(
  venue: LiveVenue,
  flags: VenueFlags,
  venues: readonly LiveVenue[],
): Promise<ChainSnapshot> {
  if (flags.currency === undefined) throw new UsageError(`--venue ${venue} needs --currency (BTC, ETH …)`);
  const baseUrl = baseUrlFor(flags.baseUrl, venue, venues);
  const retries = flags.retries !== undefined ? { retries: flags.retries } : {};
  return venueSnapshotFetcher(venue, { baseUrl, ...retries })(flags.currency);
}

/** `--venue a,b`: each venue's snapshot, aggregated (spot from `--reference-venue` or the first). */
export async function loadVenueChains(flags: VenueFlags): Promise<ChainSnapshot> {
  const venues = parseVenueList(flags.venue ?? '');
  const snapshots = await Promise.all(venues.map((v) => fetchVenueSnapshot(v, flags, venues)));
  if (snapshots.length === 1) return snapshots[0] as ChainSnapshot;
  if (flags.referenceVenue !== undefined && !(venues as string[]).includes(flags.referenceVenue)) {
    throw new UsageError(`--reference-venue ${flags.referenceVenue} is not in --venue ${flags.venue}`);
  }
  return aggregateChains(snapshots, flags.referenceVenue !== undefined ? { referenceVenue: flags.referenceVenue } : {});
}
