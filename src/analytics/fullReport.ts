import type { ColumnarChain } from '../chain/columnar.js';
import type { ChainSnapshot } from '../chain/types.js';
import { checkFraction, PROFILE_RANGE } from '../core/units/index.js';
import { gexByStrikeExpiry, STRIKE_EXPIRY_RULE, type StrikeExpiryGrid } from './byStrikeExpiry.js';
import { type Dex, dealerDex, dexRule } from './dex.js';
import { DEFAULT_REPORT_OPTIONS, type GexReport, type GexReportOptions, gexReportWithHeadline } from './gexReport.js';
import { type SurfaceRequest, type SurfaceRows, surfaceRows } from './gexSurface.js';
import { gexWeights } from './gexWeights.js';
import { profileGridOf } from './headline.js';
import { type KeyLevel, keyLevelRule, keyLevels } from './keyLevels.js';
import { mechanicsConventions } from './mechanics/conventions.js';
import { dealerDeltaWeights } from './mechanics/deltaKernel.js';
import { DEFAULT_FLOW_GRID, type HedgeFlowCurve, hedgeFlowCurve } from './mechanics/hedgeFlow.js';
import { type RollOff, type RollOffMap, rollOff } from './mechanics/rollOff.js';
import { type CharmExposure, type VannaExposure, vannaCharm } from './mechanics/vannaCharm.js';
import { DEFAULT_PIN_OPTIONS, type Pins, pinRule, pinsOf } from './pins.js';
import {
  evaluatePlaybook,
  type Playbook,
  type PlaybookThresholds,
  type PutTape,
  playbookRule,
  resolveThresholds,
} from './playbook/index.js';
import { positionedView } from './positionedView.js';
import { CellSums, type ProfileCells } from './profileCells.js';
import { SKEW_RULE, type SkewReport, skewReport } from './skew/skew.js';
import { SMILE_RULE } from './skew/smile.js';

export interface FullReportOptions extends GexReportOptions {
  /** hedge-flow moves: half-width as a fraction of spot (0.1 = −10 %..+10 %) */
  readonly flowRange: number;
  /** hedge-flow points, evenly spaced in percent (odd: one at 0 %) */
  readonly flowPoints: number;
  /** pins: expiries within this many days */
  readonly pinDays: number;
  /** pins: band around spot as a fraction of spot (0.05 = ±5 %) */
  readonly pinBand: number;
  /** pins: a side's cluster is big at this share of that side's largest OI in the band */
  readonly pinClusterFraction: number;
  /** price change over the lookback, percent (+ up); unknown when absent */
  readonly spotChangePct?: number | undefined;
  /** what period spotChangePct covers, in words ("24h", "since Friday's close") */
  readonly lookback?: string | undefined;
  /** customer put trades from the trade tape; the sell-off rule needs it */
  readonly tape?: PutTape | undefined;
  /** playbook thresholds over the documented defaults */
  readonly thresholds?: Partial<PlaybookThresholds> | undefined;
  /** the net GEX surface over spots and the coming days; left out when absent */
  readonly surface?: SurfaceRequest | undefined;
}

export const DEFAULT_FULL_REPORT_OPTIONS: FullReportOptions = {
  ...DEFAULT_REPORT_OPTIONS,
  flowRange: DEFAULT_FLOW_GRID.range,
  flowPoints: DEFAULT_FLOW_GRID.points,
  pinDays: DEFAULT_PIN_OPTIONS.days,
  pinBand: DEFAULT_PIN_OPTIONS.band,
  pinClusterFraction: DEFAULT_PIN_OPTIONS.clusterFraction,
};

/** The GEX report plus dealer mechanics, skew, pins and the playbook. */
export interface FullReport extends GexReport {
  /** every level that matters, sorted by price */
  readonly keyLevels: KeyLevel[];
  readonly dex: Dex;
  readonly byStrikeExpiry: StrikeExpiryGrid;
  readonly hedgeFlow: HedgeFlowCurve;
  readonly vanna: VannaExposure;
  readonly charm: CharmExposure;
  /** null when nothing is in view */
  readonly rollOff: RollOff | null;
  readonly skew: SkewReport;
  readonly pins: Pins;
  readonly playbook: Playbook;
  /** only when asked for (FullReportOptions.surface) */
  readonly surface?: SurfaceRows;
}

/** Per-strike OI over the options in view, for the playbook. */
function oiColumns(chain: ColumnarChain) {
  const callOi = new Float64Array(chain.strikes.length);
  const putOi = new Float64Array(chain.strikes.length);
  for (let i = 0; i < chain.n; i++) {
    if (chain.phi[i] === 1) callOi[chain.strikeIndex[i]!]! += chain.openInterest[i]!;
    else putOi[chain.strikeIndex[i]!]! += chain.openInterest[i]!;
  }
  return { strikes: chain.strikes, callOi, putOi };
}

/** The roll-off "before" map is the report itself. */
function summaryOf(r: GexReport): RollOffMap {
  return {
    options: r.counts.options,
    expiries: r.counts.expiries,
    netGex: r.netGex,
    regime: r.counts.options > 0 ? r.regime : null,
    gammaFlips: r.gammaFlips,
    nearestFlip: r.nearestFlip,
    distanceToFlipPct: r.distanceToFlipPct,
    callWall: r.callWall,
    putWall: r.putWall,
    absGammaStrike: r.absGammaStrike,
  };
}

/**
 * The cell bounds of the map and of the roll-off's map without the next expiry (expiries[0]) from
 * one sweep: the same to the last bit as the two sweeps the two headlines would make.
 */
function mapAndRollOffCells(
  chain: ColumnarChain,
  w: Float64Array,
  opts: { range: number; profilePoints: number },
): { all: ProfileCells; rest: ProfileCells } | undefined {
  if (chain.n === 0) return undefined;
  const next = new Uint8Array(chain.n);
  for (let i = 0; i < chain.n; i++) next[i] = chain.expiryIndex[i] === 0 ? 1 : 0;
  return CellSums.withAndWithout(chain, w, next, profileGridOf(chain.spot, opts));
}

/** The full map of a snapshot: pure, no clock, no I/O. */
export function buildFullReport(snapshot: ChainSnapshot, opts: Partial<FullReportOptions> = {}): FullReport {
  const options: FullReportOptions = { ...DEFAULT_FULL_REPORT_OPTIONS, ...opts };
  const thresholds = resolveThresholds(options.thresholds);
  const { positioning, view, range, profilePoints, weight } = options;
  checkFraction(PROFILE_RANGE, range);
  const positioned = positionedView(snapshot, { view, positioning, weight });
  const { chain, q } = positioned;
  // the view's GEX and dealer delta weights, taken once by every part that needs them
  const weights = gexWeights(chain, q);
  const deltaWeights = dealerDeltaWeights(chain, q);
  const cells = mapAndRollOffCells(chain, weights, { range, profilePoints });
  const { report: base, headline } = gexReportWithHeadline(
    snapshot,
    positioned,
    { positioning, view, range, profilePoints, weight },
    cells?.all,
    weights,
  );
  const flowGrid = { range: options.flowRange, points: options.flowPoints };
  const pinOptions = {
    days: options.pinDays,
    band: options.pinBand,
    clusterFraction: options.pinClusterFraction,
    topCount: DEFAULT_PIN_OPTIONS.topCount,
  };
  // base.netGex is netGexAt(chain, weights, spot), the figure the curve's linear line takes
  const hedgeFlow = hedgeFlowCurve(chain, q, flowGrid, { deltaWeights, netGex: base.netGex });
  const { vanna, charm } = vannaCharm(chain, q, deltaWeights);
  const playbook = evaluatePlaybook(
    {
      spot: snapshot.spot,
      netGex: base.netGex,
      ...oiColumns(chain),
      oiClusters: base.oiClusters,
      spotChangePct: options.spotChangePct,
      tape: options.tape,
    },
    thresholds,
    options.lookback ?? null,
  );
  return {
    ...base,
    conventions: {
      ...base.conventions,
      ...mechanicsConventions(snapshot.model, flowGrid),
      smile: SMILE_RULE,
      skew: SKEW_RULE,
      pins: pinRule(pinOptions),
      playbook: playbookRule(thresholds),
      keyLevels: keyLevelRule(options.pinDays),
      dex: dexRule(snapshot.model.kind),
      byStrikeExpiry: STRIKE_EXPIRY_RULE,
    },
    keyLevels: keyLevels({
      chain,
      selected: positioned.selected,
      perOption: headline.perOption,
      byStrike: headline.byStrike,
      walls: base,
      gammaFlips: base.gammaFlips,
      maxPain: base.maxPain,
      oiClusters: base.oiClusters,
      pinDays: options.pinDays,
    }),
    dex: dealerDex(chain, q, deltaWeights),
    byStrikeExpiry: gexByStrikeExpiry(chain, headline.perOption),
    hedgeFlow,
    vanna,
    charm,
    rollOff: rollOff(snapshot, positioned, { range, profilePoints, afterCells: cells?.rest }, summaryOf(base)),
    skew: skewReport(chain),
    pins: pinsOf(chain, pinOptions, base.maxPain),
    playbook,
    ...(options.surface
      ? { surface: surfaceRows(chain, q, { lo: base.range.lo, hi: base.range.hi }, options.surface) }
      : {}),
  };
}
