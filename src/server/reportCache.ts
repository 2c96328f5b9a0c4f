import { buildFullReport, type FullReport } from '../analytics/fullReport.js';
import { DEFAULT_SURFACE_SPOTS } from '../analytics/gexSurface.js';
import { type VenueBreakdown, withVenueBreakdown } from '../analytics/venues.js';
import { parseExpiryView } from '../analytics/views.js';
import { withImpliedForwards } from '../chain/impliedForward.js';
import type { ChainSnapshot } from '../chain/types.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { queryKey, type ReportQuery } from './query.js';
import type { ChainSource } from './sources.js';

/** The report the API serves: the full report, with its per-venue breakdown when the snapshot spans venues. */
export type ServedReport = FullReport & { readonly venues?: VenueBreakdown };

/** Builds the report the API serves for one snapshot and query. */
export type ReportBuilder = (snapshot: ChainSnapshot, query: ReportQuery) => ServedReport;

/**
 * The full report (GEX map, mechanics, skew, pins, playbook), as `gexmap report --json` prints it;
 * a snapshot spanning several venues also gets its per-venue breakdown (`venues`).
 */
export const coreReportBuilder: ReportBuilder = (source, query) => {
  const snapshot =
    query.forward === 'implied' && source.model.kind === 'bsm'
      ? withImpliedForwards(source, { maxDistance: 0.5 })
      : source;
  const options = {
    view: parseExpiryView(query.view),
    positioning: { model: query.positioning },
    range: query.range / 100,
    weight: query.weight ?? 'oi',
  } as const;
  if (query.surfaceSpots !== undefined && query.surfaceDays === undefined)
    throw new RangeError('surfaceSpots is only read with surfaceDays');
  const report = buildFullReport(snapshot, {
    ...options,
    ...(query.spotChange !== undefined ? { spotChangePct: query.spotChange } : {}),
    ...(query.surfaceDays !== undefined
      ? { surface: { days: query.surfaceDays, spots: query.surfaceSpots ?? DEFAULT_SURFACE_SPOTS } }
      : {}),
  });
  return withVenueBreakdown(snapshot, report, options);
};

interface Entry {
  readonly json: string;
  /** the JSON encoded once, so a warm response is a buffer write */
  readonly bytes: Uint8Array<ArrayBuffer>;
  readonly report: ServedReport;
}

/**
 * Serialised reports keyed by source, snapshot version and query: a warm request costs a map
 * lookup, and every SSE client with the same query shares one string. The query's numbers are
 * rounded when parsed (see query.ts), so near-equal values are one key. Least recently used entries
 * beyond `capacity` are evicted.
 */
export class ReportCache {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly build: ReportBuilder,
    private readonly capacity = 128,
  ) {}

  /** reports held now, at most `capacity` */
  get size(): number {
    return this.entries.size;
  }

  get(source: ChainSource, query: ReportQuery): Entry | undefined {
    const current = source.current();
    if (!current) return undefined;
    const key = `${source.id}#${current.version}#${queryKey(query)}`;
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const report = assertFiniteOutput(this.build(current.snapshot, query), `report of source ${source.id}`);
    const json = JSON.stringify(report);
    const entry = { report, json, bytes: new TextEncoder().encode(json) };
    this.entries.set(key, entry);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
    return entry;
  }
}
