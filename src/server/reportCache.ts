import { compareFlow, type FlowComparison } from '../analytics/flowComparison.js';
import { buildFullReport, type FullReport } from '../analytics/fullReport.js';
import { DEFAULT_SURFACE_SPOTS } from '../analytics/gexSurface.js';
import { type VenueBreakdown, withVenueBreakdown } from '../analytics/venues.js';
import { type ExpiryView, parseExpiryView, selectExpiries } from '../analytics/views.js';
import { withImpliedForwards } from '../chain/impliedForward.js';
import type { ChainSnapshot } from '../chain/types.js';
import { type FlowPositions, flowPositioning, flowPositions, type TakerFlow } from '../positioning/flow.js';
import type { Positioning } from '../positioning/models.js';
import { assertFiniteOutput } from '../report/finiteOutput.js';
import { queryKey, type ReportQuery } from './query.js';
import type { ChainSource } from './sources.js';

/**
 * The report the API serves: the full report, with its per-venue breakdown when the snapshot spans venues and,
 * for the flow model, its comparison with classic (as `gexmap report --json` prints them).
 */
export type ServedReport = FullReport & { readonly venues?: VenueBreakdown; readonly flowComparison?: FlowComparison };

/** Builds the report the API serves for one snapshot and query. */
export type ReportBuilder = (snapshot: ChainSnapshot, query: ReportQuery) => ServedReport;

/** What `serve` was given beyond the chains: a dealer book (`--positions`) and a trade tape's flow (`--tape`). */
export interface ServedBooks {
  /** dealer contracts per instrument, + long / − short, for positioning=positions */
  readonly positions?: Readonly<Record<string, number>>;
  /** the tape's taker flow per instrument, for positioning=flow */
  readonly tapeFlow?: ReadonlyMap<string, TakerFlow>;
}

/** The query's positioning, with the book or the tape's flow over the options in view that it needs. */
function queryPositioning(
  snapshot: ChainSnapshot,
  query: ReportQuery,
  view: ExpiryView,
  books: ServedBooks,
): { positioning: Positioning; flow?: FlowPositions } {
  const model = query.positioning;
  if (model === 'classic' || model === 'customer-long') return { positioning: { model } };
  if (model === 'positions') {
    if (books.positions === undefined)
      throw new RangeError(
        'positioning=positions needs a dealer book: this server was started without --positions FILE',
      );
    return { positioning: { model, positions: books.positions } };
  }
  if (books.tapeFlow === undefined)
    throw new RangeError('positioning=flow needs a trade tape: this server was started without --tape FILE');
  const flow = flowPositions(selectExpiries(snapshot, view), books.tapeFlow);
  return { positioning: flowPositioning(flow), flow };
}

/**
 * The full report (GEX map, mechanics, skew, pins, playbook) as `gexmap report --json` prints it for the same
 * flags; a snapshot spanning several venues also gets its per-venue breakdown (`venues`).
 */
export function reportBuilder(books: ServedBooks = {}): ReportBuilder {
  return (source, query) => {
    const snapshot =
      query.forward === 'implied' && source.model.kind === 'bsm'
        ? withImpliedForwards(source, { maxDistance: 0.5 })
        : source;
    const view = parseExpiryView(query.view);
    const { positioning, flow } = queryPositioning(snapshot, query, view, books);
    const options = {
      view,
      positioning,
      range: query.range / 100,
      weight: query.weight ?? 'oi',
    } as const;
    if (query.surfaceSpots !== undefined && query.surfaceDays === undefined)
      throw new RangeError('surfaceSpots is only read with surfaceDays');
    const report = buildFullReport(snapshot, {
      ...options,
      ...(query.spotChange !== undefined ? { spotChangePct: query.spotChange } : {}),
      ...(query.lookback !== undefined ? { lookback: query.lookback } : {}),
      ...(query.pinDays !== undefined ? { pinDays: query.pinDays } : {}),
      ...(query.pinBand !== undefined ? { pinBand: query.pinBand / 100 } : {}),
      ...(query.flowRange !== undefined ? { flowRange: query.flowRange / 100 } : {}),
      ...(query.threshold !== undefined ? { thresholds: query.threshold } : {}),
      ...(query.surfaceDays !== undefined
        ? { surface: { days: query.surfaceDays, spots: query.surfaceSpots ?? DEFAULT_SURFACE_SPOTS } }
        : {}),
    });
    const served = withVenueBreakdown(snapshot, report, options);
    return flow ? { ...served, flowComparison: compareFlow(snapshot, flow, { view, range: options.range }) } : served;
  };
}

/** The report builder of a server without a dealer book or a trade tape. */
export const coreReportBuilder: ReportBuilder = reportBuilder();

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
