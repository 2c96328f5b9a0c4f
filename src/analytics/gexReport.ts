import { countDropped } from '../chain/admit.js';
import type { ChainSnapshot } from '../chain/types.js';
import { checkFraction, PROFILE_RANGE, percentOf } from '../core/units/index.js';
import { POSITIONING_MEANING, type Positioning } from '../positioning/models.js';
import { type ExpiryRow, gexByExpiry, type StrikeRow, strikeRows } from './byStrike.js';
import type { FlipSearch } from './certifiedFlips.js';
import { type GexHeadline, gexHeadline, type MapSummary } from './headline.js';
import { type MaxPain, maxPainByExpiry, OI_CLUSTER_RULE, type OiCluster, oiClusters } from './levels.js';
import { type PositionedView, positionedView } from './positionedView.js';
import type { ProfileCells } from './profileCells.js';
import { REGIME_MEANING } from './regime.js';
import { describeView, type ExpiryView } from './views.js';
import { type GexWeight, weightRule } from './weight.js';

export interface GexReportOptions {
  readonly positioning: Positioning;
  readonly view: ExpiryView;
  /** half-width of the profile range as a fraction of spot (0.2 = ±20 %) */
  readonly range: number;
  /** grid points of the profile scan (flips are then refined exactly) */
  readonly profilePoints: number;
  /** what sizes the positions of the classic and customer-long models; default open interest */
  readonly weight?: GexWeight | undefined;
}

export const DEFAULT_REPORT_OPTIONS: GexReportOptions = {
  positioning: { model: 'classic' },
  view: { kind: 'all' },
  range: 0.2,
  profilePoints: 1000,
};

/** The conventions behind every number of a report, stated in the output. */
export function reportConventions(snapshot: ChainSnapshot, options: GexReportOptions): Record<string, string> {
  const model =
    snapshot.model.kind === 'black76'
      ? `Black-76 on each expiry's own forward, discount exp(-${snapshot.model.rate}·t); Γ = ∂²V/∂F²`
      : `Black-Scholes-Merton on spot, rate ${snapshot.model.rate}, yield ${snapshot.model.yield}; Γ = ∂²V/∂S²`;
  return {
    gex: 'q × m × Γ × S² × 0.01: USD of dealer delta change per 1 % move in the underlying; + means dealers long gamma',
    model,
    spot: 'S = the underlying index (spot), USD',
    timeToExpiry: '(expiry − asOf) ms / (365 × 86,400,000), years',
    vol: 'annualised implied vol per option, decimal; sticky strike when spot is moved',
    forwards: 'when spot moves to S, every forward moves with it: F_i(S) = F_i × S / spot',
    positioning: `${options.positioning.model}: ${POSITIONING_MEANING[options.positioning.model]}`,
    weight: weightRule(options.weight ?? 'oi'),
    expiries: describeView(options.view),
    gammaFlip: `spots where net GEX(S) changes sign, every option re-priced at S, over ±${percentOf(options.range)} % of spot; scanned on ${options.profilePoints} log-spaced points, each cell bounded so that no sign change between grid points is missed (cells split where a pair of roots cannot be excluded), each flip refined as an exact root (Brent, 1e-12 relative); flipSearch.certified says whether that was shown, and a touch of zero without a sign change is listed in flipSearch.touches, not as a flip`,
    walls:
      'call/put wall: strike with the largest call/put GEX by absolute value; absolute-gamma strike: largest |call GEX| + |put GEX|',
    maxPain: 'per expiry, the listed strike minimising the intrinsic value paid to holders (OI × multiplier)',
    oiClusters: OI_CLUSTER_RULE,
    caveat: 'GEX maps dealer hedging mechanics (fade or follow once price moves), not direction; not a trading signal',
    ...snapshot.sourceConventions,
  };
}

export interface GexReport extends MapSummary {
  readonly asOf: string;
  readonly venue: string;
  readonly underlying: string;
  readonly source: string;
  readonly spot: number;
  readonly conventions: Record<string, string>;
  readonly positioning: Positioning['model'];
  readonly view: ExpiryView;
  readonly range: { readonly lo: number; readonly hi: number };
  /** whether gammaFlips is shown to hold every sign change in the range, and if not why */
  readonly flipSearch: FlipSearch;
  readonly regimeMeaning: string;
  readonly maxPain: MaxPain[];
  readonly oiClusters: OiCluster[];
  readonly byStrike: StrikeRow[];
  readonly byExpiry: ExpiryRow[];
  readonly profile: { readonly spots: number[]; readonly netGex: number[] };
  readonly counts: { readonly options: number; readonly expiries: number; readonly unpositioned: number };
  readonly dropped: Record<string, number>;
}

/** The whole GEX map of a snapshot: pure, no clock, no I/O. */
export function buildGexReport(snapshot: ChainSnapshot, opts: Partial<GexReportOptions> = {}): GexReport {
  const options: GexReportOptions = { ...DEFAULT_REPORT_OPTIONS, ...opts };
  checkFraction(PROFILE_RANGE, options.range);
  return gexReportOf(snapshot, positionedView(snapshot, options), options);
}

/** The GEX map of a view already positioned (see positionedView). */
export function gexReportOf(snapshot: ChainSnapshot, view: PositionedView, options: GexReportOptions): GexReport {
  return gexReportWithHeadline(snapshot, view, options).report;
}

/**
 * The GEX map with the headline it was built from, for the parts of a fuller report that read
 * per-option GEX; `cells` as gexHeadline takes them.
 */
export function gexReportWithHeadline(
  snapshot: ChainSnapshot,
  view: PositionedView,
  options: GexReportOptions,
  cells?: ProfileCells,
  /** gexWeights of the view, when at hand */
  weights?: Float64Array,
): { report: GexReport; headline: GexHeadline } {
  const { chain, q, unpositioned } = view;
  const spot = snapshot.spot;
  const h = gexHeadline(chain, q, options, cells, weights);
  const { lo, hi, profile } = h;
  const report: GexReport = {
    asOf: new Date(snapshot.asOf).toISOString(),
    venue: snapshot.venue,
    underlying: snapshot.underlying,
    source: snapshot.source,
    spot,
    conventions: reportConventions(snapshot, options),
    positioning: options.positioning.model,
    view: options.view,
    range: { lo, hi },
    netGex: h.netGex,
    callGex: h.callGex,
    putGex: h.putGex,
    gammaFlips: h.gammaFlips,
    nearestFlip: h.nearestFlip,
    flipSearch: h.flipSearch,
    distanceToFlipPct: h.distanceToFlipPct,
    regime: h.regime,
    regimeMeaning: REGIME_MEANING[h.regime],
    callWall: h.callWall,
    putWall: h.putWall,
    absGammaStrike: h.absGammaStrike,
    maxPain: maxPainByExpiry(chain),
    oiClusters: oiClusters(h.byStrike, { lo, hi }),
    byStrike: strikeRows(h.byStrike),
    byExpiry: gexByExpiry(chain, h.perOption),
    profile: { spots: Array.from(profile.spots), netGex: Array.from(profile.netGex) },
    counts: { options: chain.n, expiries: chain.expiries.length, unpositioned },
    dropped: countDropped(snapshot.dropped),
  };
  return { report, headline: h };
}
