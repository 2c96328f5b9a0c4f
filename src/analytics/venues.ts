import { AGGREGATE_SPOT_RULE, venueSlice, venuesIn } from '../chain/aggregate.js';
import type { ChainSnapshot } from '../chain/types.js';
import { positioningWithin } from '../positioning/models.js';
import type { StrikeRow } from './byStrike.js';
import { buildGexReport, type GexReportOptions } from './gexReport.js';

/** One venue's part of an aggregated map. */
export interface VenueShare {
  readonly venue: string;
  readonly options: number;
  readonly netGex: number;
  readonly callGex: number;
  readonly putGex: number;
  /** netGex / the total's net GEX (negative when the venue leans against the total; null when the total is 0) */
  readonly shareOfNet: number | null;
  /** |netGex| / Σ over venues of |netGex| (0 … 1; null when every venue is flat) */
  readonly shareOfGross: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  readonly byStrike: readonly StrikeRow[];
}

export interface VenueBreakdown {
  readonly rule: string;
  /** sum of the venues' net GEX: the aggregated map's net GEX */
  readonly netGex: number;
  readonly venues: readonly VenueShare[];
}

/**
 * Each venue's share of a (typically aggregated) snapshot's map: the snapshot narrowed to one
 * venue's options at the same spot and asOf, run through buildGexReport. Because GEX is a sum over
 * options, the venues' net GEX (and their by-strike rows) add up to the whole map's.
 */
export function venueBreakdown(snapshot: ChainSnapshot, opts: Partial<GexReportOptions> = {}): VenueBreakdown {
  const reports = venuesIn(snapshot).map((venue) => {
    const slice = venueSlice(snapshot, venue);
    // a user or flow book speaks the aggregated (venue-prefixed) names: each venue takes its own
    const names = slice.options.map((o) => o.instrument);
    const sliceOpts = opts.positioning ? { ...opts, positioning: positioningWithin(opts.positioning, names) } : opts;
    return { venue, report: buildGexReport(slice, sliceOpts) };
  });
  let net = 0;
  let gross = 0;
  for (const { report } of reports) {
    net += report.netGex;
    gross += Math.abs(report.netGex);
  }
  return {
    rule: `per venue: the snapshot's options of that venue at the same spot and asOf (${AGGREGATE_SPOT_RULE})`,
    netGex: net,
    venues: reports.map(({ venue, report }) => ({
      venue,
      options: report.counts.options,
      netGex: report.netGex,
      callGex: report.callGex,
      putGex: report.putGex,
      shareOfNet: net === 0 ? null : report.netGex / net,
      shareOfGross: gross === 0 ? null : Math.abs(report.netGex) / gross,
      callWall: report.callWall,
      putWall: report.putWall,
      byStrike: report.byStrike,
    })),
  };
}

/**
 * A report extended by composition with its per-venue breakdown, when the snapshot spans more than
 * one venue; the report unchanged otherwise.
 */
export function withVenueBreakdown<R extends object>(
  snapshot: ChainSnapshot,
  report: R,
  opts: Partial<GexReportOptions> = {},
): R | (R & { readonly venues: VenueBreakdown }) {
  if (venuesIn(snapshot).length < 2) return report;
  return { ...report, venues: venueBreakdown(snapshot, opts) };
}
