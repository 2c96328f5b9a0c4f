import type { ColumnarChain } from '../chain/columnar.js';
import { dealerPositions, type Positioning } from '../positioning/models.js';
import { type GexHeadline, gexHeadline } from './headline.js';
import { maskToView } from './viewMask.js';
import type { ExpiryView } from './views.js';

/** The headline numbers of a live chain, recomputed on every update. */
export interface LiveMetrics extends Omit<GexHeadline, 'lo' | 'hi' | 'profile' | 'perOption'> {
  readonly asOf: number;
  readonly spot: number;
  /** options with a non-zero dealer position */
  readonly positioned: number;
  readonly options: number;
}

export interface LiveMetricsOptions {
  /** half-width of the flip search as a fraction of spot (default 0.2) */
  readonly range?: number;
  /** scan points before each sign change is refined exactly (default 1,000) */
  readonly profilePoints?: number;
}

/**
 * Net GEX, flips and walls of a chain under dealer positions `q`: the same gexHeadline as
 * buildGexReport, so a live figure equals the report of the same snapshot.
 */
export function liveMetrics(chain: ColumnarChain, q: Float64Array, opts: LiveMetricsOptions = {}): LiveMetrics {
  const h = gexHeadline(chain, q, { range: opts.range ?? 0.2, profilePoints: opts.profilePoints ?? 1000 });
  let positioned = 0;
  for (let i = 0; i < chain.n; i++) if (q[i] !== 0) positioned++;
  return {
    asOf: chain.asOf,
    spot: chain.spot,
    netGex: h.netGex,
    callGex: h.callGex,
    putGex: h.putGex,
    regime: h.regime,
    gammaFlips: h.gammaFlips,
    flipSearch: h.flipSearch,
    nearestFlip: h.nearestFlip,
    distanceToFlipPct: h.distanceToFlipPct,
    callWall: h.callWall,
    putWall: h.putWall,
    absGammaStrike: h.absGammaStrike,
    byStrike: h.byStrike,
    positioned,
    options: chain.n,
  };
}

export interface LiveMetricsRequest extends LiveMetricsOptions {
  /** resolved by the caller: `flow` positions come from its trade tape */
  readonly positioning: Positioning;
  /** the options outside it hold no position (default all) */
  readonly view?: ExpiryView;
}

/** The live metrics of a chain now: positions from the model, masked to the view, then liveMetrics. */
export function liveMetricsFor(chain: ColumnarChain, request: LiveMetricsRequest): LiveMetrics {
  const q = maskToView(chain, dealerPositions(chain, request.positioning).q, request.view ?? { kind: 'all' });
  return liveMetrics(chain, q, request);
}
