import type { ChainSnapshot } from '../../chain/types.js';
import { gexHeadline, type MapSummary } from '../headline.js';
import { narrowView, type PositionedOptions } from '../positionedView.js';
import type { ProfileCells } from '../profileCells.js';
import type { Regime } from '../regime.js';
import { dealerDeltaAt, dealerDeltaWeights } from './deltaKernel.js';

/** The GEX map of a set of options at today's spot: the numbers roll-off compares. */
export type RollOffMap = Pick<
  MapSummary,
  'netGex' | 'gammaFlips' | 'nearestFlip' | 'distanceToFlipPct' | 'callWall' | 'putWall' | 'absGammaStrike'
> & {
  readonly options: number;
  readonly expiries: number;
  /** null when no option is left */
  readonly regime: Regime | null;
};

/** What the next expiry's leaving does to the map and to dealers' delta. */
export interface RollOff {
  /** ISO instant of the earliest expiry in view (the one that leaves) */
  readonly expiry: string;
  readonly hoursToExpiry: number;
  /** options of that expiry */
  readonly options: number;
  /** the view as it is */
  readonly before: RollOffMap;
  /** the view without that expiry ("ex-next") */
  readonly after: RollOffMap;
  /** after.netGex − before.netGex, USD per 1 % */
  readonly netGexChange: number;
  /** dealers' delta held in the expiring options, underlying units (Σ q·m·Δ) */
  readonly expiringDealerDelta: number;
  /** expiringDealerDelta × spot, USD */
  readonly expiringDealerDeltaUsd: number;
  /** cash settlement removes that delta and dealers unwind its hedge: + buy / − sell, USD (= expiringDealerDeltaUsd) */
  readonly unwindFlowUsd: number;
}

export interface RollOffOptions {
  /** profile half-width as a fraction of spot, as in the GEX report */
  readonly range: number;
  readonly profilePoints: number;
  /** the profile and cell bounds of the view without its next expiry, when already at hand */
  readonly afterCells?: ProfileCells | undefined;
}

/** The map of some positioned options at today's spot, as the GEX report's headline has it. */
function mapSummary(options: PositionedOptions, opts: RollOffOptions, cells?: ProfileCells): RollOffMap {
  const { chain, q } = options;
  const h = gexHeadline(chain, q, opts, cells);
  return {
    options: chain.n,
    expiries: chain.expiries.length,
    netGex: h.netGex,
    regime: chain.n > 0 ? h.regime : null,
    gammaFlips: h.gammaFlips,
    nearestFlip: h.nearestFlip,
    distanceToFlipPct: h.distanceToFlipPct,
    callWall: h.callWall,
    putWall: h.putWall,
    absGammaStrike: h.absGammaStrike,
  };
}

/**
 * Roll-off of the earliest expiry of a positioned view: the map before and after it leaves, at
 * today's spot with the other options unchanged (each keeps its dealer position), and the dealer
 * delta it holds. Null when nothing is in view. `before` may be passed when the caller already has
 * the view's map.
 */
export function rollOff(
  snapshot: ChainSnapshot,
  view: PositionedOptions,
  opts: RollOffOptions,
  before: RollOffMap = mapSummary(view, opts),
): RollOff | null {
  const { selected } = view;
  if (selected.length === 0) return null;
  let next = Number.POSITIVE_INFINITY;
  for (const o of selected) if (o.expiry < next) next = o.expiry;
  const expiring = narrowView(view, (o) => o.expiry === next);
  const after = mapSummary(
    narrowView(view, (o) => o.expiry !== next),
    opts,
    opts.afterCells,
  );
  const delta = dealerDeltaAt(expiring.chain, dealerDeltaWeights(expiring.chain, expiring.q), snapshot.spot);
  const deltaUsd = delta * snapshot.spot;
  return {
    expiry: new Date(next).toISOString(),
    hoursToExpiry: (next - snapshot.asOf) / 3_600_000,
    options: expiring.chain.n,
    before,
    after,
    netGexChange: after.netGex - before.netGex,
    expiringDealerDelta: delta,
    expiringDealerDeltaUsd: deltaUsd,
    unwindFlowUsd: deltaUsd,
  };
}
