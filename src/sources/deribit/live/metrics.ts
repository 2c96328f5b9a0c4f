import { type GexHeadline, gexHeadline } from '../../../analytics/headline.js';
import type { ExpiryView } from '../../../analytics/views.js';
import type { ColumnarChain } from '../../../chain/columnar.js';

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

/**
 * Zeroes the positions of options outside an expiry view, in place (the live chain keeps every
 * expiry in its columns): `next` is the earliest expiry still live, `within-days` counts from asOf.
 */
export function maskToView(chain: ColumnarChain, q: Float64Array, view: ExpiryView): Float64Array {
  if (view.kind === 'all' || chain.n === 0) return q;
  const next = chain.expiries[0] as number;
  const limit = view.kind === 'within-days' ? chain.asOf + view.days * 86_400_000 : 0;
  for (let i = 0; i < chain.n; i++) {
    const expiry = chain.expiries[chain.expiryIndex[i]!]!;
    const keep = view.kind === 'next' ? expiry === next : view.kind === 'ex-next' ? expiry !== next : expiry <= limit;
    if (!keep) q[i] = 0;
  }
  return q;
}
