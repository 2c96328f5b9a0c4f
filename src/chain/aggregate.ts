import { checkPlausibleChain } from './plausibility.js';
import { ChainInputError, type ChainSnapshot, type DroppedRow, type OptionQuote } from './types.js';

/** The venue name an aggregated snapshot carries. */
const AGGREGATE_VENUE = 'aggregate';

/** Separates the venue prefix from the venue's own instrument name: `okx:BTC-USD-251128-90000-C`. */
const VENUE_SEPARATOR = ':';

export interface AggregateOptions {
  /**
   * The venue whose index is the aggregated spot (default: the first snapshot's venue). Every
   * option keeps its own forward, so the choice moves only the point the map is read at.
   */
  readonly referenceVenue?: string;
  /** snapshots further apart in time than this are refused, ms (default 5 minutes) */
  readonly maxSkewMs?: number;
}

export const AGGREGATE_SPOT_RULE =
  'spot = index of the reference venue (the first venue unless one is named); asOf = the latest snapshot time; every option keeps its venue, forward, IV and multiplier';

const DEFAULT_MAX_SKEW_MS = 5 * 60_000;

/** `okx:NAME` from venue and name. */
function venueInstrument(venue: string, instrument: string): string {
  return `${venue}${VENUE_SEPARATOR}${instrument}`;
}

/** The venue of an option in a snapshot: its own field, else the snapshot's. */
function venueOf(option: OptionQuote, snapshot: Pick<ChainSnapshot, 'venue'>): string {
  return option.venue ?? snapshot.venue;
}

/** The venues present in a snapshot, in order of first appearance. */
export function venuesIn(snapshot: ChainSnapshot): string[] {
  const seen = new Set<string>();
  for (const o of snapshot.options) seen.add(venueOf(o, snapshot));
  return [...seen];
}

/** The snapshot narrowed to one venue's options (same spot, asOf and model: its share of the map). */
export function venueSlice(snapshot: ChainSnapshot, venue: string): ChainSnapshot {
  return {
    ...snapshot,
    venue,
    options: snapshot.options.filter((o) => venueOf(o, snapshot) === venue),
    dropped: snapshot.dropped.filter((d) => d.where.startsWith(`${venue}${VENUE_SEPARATOR}`)),
  };
}

/**
 * One snapshot of an underlying across venues. Options keep their venue (`venue` field), forward,
 * IV and multiplier; names get the venue prefix so they stay unique; strikes and expiries align by
 * value. Spot is the reference venue's index and asOf the latest snapshot time (AGGREGATE_SPOT_RULE).
 * Refused (ChainInputError): no snapshots, two snapshots of one venue, mixed underlyings, mixed
 * pricing models, snapshots more than `maxSkewMs` apart, an unknown reference venue.
 */
export function aggregateChains(snapshots: readonly ChainSnapshot[], opts: AggregateOptions = {}): ChainSnapshot {
  const first = snapshots[0];
  if (first === undefined) throw new ChainInputError('aggregate: no snapshots to combine', 'aggregate', 'snapshots');
  const venues = new Set<string>();
  let minAsOf = first.asOf;
  let maxAsOf = first.asOf;
  for (const s of snapshots) {
    if (venues.has(s.venue)) {
      throw new ChainInputError(`aggregate: venue ${s.venue} given twice`, s.venue, 'venue');
    }
    venues.add(s.venue);
    if (s.underlying !== first.underlying) {
      throw new ChainInputError(
        `aggregate: ${s.venue} underlying (${s.underlying}) differs from ${first.venue}'s (${first.underlying})`,
        s.venue,
        'underlying',
      );
    }
    if (s.model.kind !== first.model.kind || s.model.rate !== first.model.rate) {
      throw new ChainInputError(
        `aggregate: ${s.venue} pricing model (${s.model.kind}, rate ${s.model.rate}) differs from ${first.venue}'s (${first.model.kind}, rate ${first.model.rate})`,
        s.venue,
        'model',
      );
    }
    minAsOf = Math.min(minAsOf, s.asOf);
    maxAsOf = Math.max(maxAsOf, s.asOf);
  }
  const maxSkew = opts.maxSkewMs ?? DEFAULT_MAX_SKEW_MS;
  if (maxAsOf - minAsOf > maxSkew) {
    throw new ChainInputError(
      `aggregate: snapshots are ${Math.round((maxAsOf - minAsOf) / 1000)} s apart, more than ${Math.round(maxSkew / 1000)} s`,
      'aggregate',
      'asOf',
    );
  }
  const reference = opts.referenceVenue ?? first.venue;
  const ref = snapshots.find((s) => s.venue === reference);
  if (ref === undefined) {
    throw new ChainInputError(
      `aggregate: reference venue ${reference} is not among ${[...venues].join(', ')}`,
      reference,
      'referenceVenue',
    );
  }
  const options: OptionQuote[] = [];
  const dropped: DroppedRow[] = [];
  for (const s of snapshots) {
    for (const o of s.options) {
      const venue = venueOf(o, s);
      options.push({ ...o, instrument: venueInstrument(venue, o.instrument), venue });
    }
    for (const d of s.dropped) dropped.push({ ...d, where: venueInstrument(s.venue, d.where) });
  }
  return checkPlausibleChain({
    venue: AGGREGATE_VENUE,
    underlying: first.underlying,
    asOf: maxAsOf,
    spot: ref.spot,
    model: first.model,
    options,
    dropped,
    source: snapshots.map((s) => `${s.venue}: ${s.source}`).join('; '),
  });
}
