import { toColumnar } from '../../chain/columnar.js';
import type { ChainSnapshot, OptionQuote } from '../../chain/types.js';
import type { Positioning } from '../../positioning/models.js';
import { gexByStrike } from '../byStrike.js';
import { findGammaFlips, nearestFlip } from '../flips.js';
import { gexPerOption, gexWeights, netGexAt } from '../gexWeights.js';
import { findWalls } from '../levels.js';
import { gexProfile } from '../profile.js';
import { distancePct, type Regime, regimeOf } from '../regime.js';
import { dealerDeltaAt, dealerDeltaWeights } from './deltaKernel.js';
import { positionsFor } from './positions.js';

/** The GEX map of a set of options at today's spot: the numbers roll-off compares. */
export interface MapSummary {
  readonly options: number;
  readonly expiries: number;
  /** USD per 1 % move at spot */
  readonly netGex: number;
  /** null when no option is left */
  readonly regime: Regime | null;
  readonly gammaFlips: number[];
  readonly nearestFlip: number | null;
  readonly distanceToFlipPct: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  readonly absGammaStrike: number | null;
}

/** What the next expiry's leaving does to the map and to dealers' delta. */
export interface RollOff {
  /** ISO instant of the earliest expiry in view (the one that leaves) */
  readonly expiry: string;
  readonly hoursToExpiry: number;
  /** options of that expiry */
  readonly options: number;
  /** the view as it is */
  readonly before: MapSummary;
  /** the view without that expiry ("ex-next") */
  readonly after: MapSummary;
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
  readonly positioning: Positioning;
  /** profile half-width as a fraction of spot, as in the GEX report */
  readonly range: number;
  readonly profilePoints: number;
}

function mapSummary(snapshot: ChainSnapshot, options: readonly OptionQuote[], opts: RollOffOptions): MapSummary {
  const chain = toColumnar(snapshot, options);
  const q = positionsFor(chain, opts.positioning);
  const w = gexWeights(chain, q);
  const spot = snapshot.spot;
  const netGex = chain.n > 0 ? netGexAt(chain, w, spot) : 0;
  let flips: number[] = [];
  if (chain.n > 0) {
    const grid = { lo: spot * (1 - opts.range), hi: spot * (1 + opts.range), points: opts.profilePoints };
    flips = findGammaFlips(chain, w, gexProfile(chain, w, grid));
  }
  const nearest = nearestFlip(flips, spot);
  return {
    options: chain.n,
    expiries: chain.expiries.length,
    netGex,
    regime: chain.n > 0 ? regimeOf(netGex) : null,
    gammaFlips: flips,
    nearestFlip: nearest,
    distanceToFlipPct: nearest === null ? null : distancePct(nearest, spot),
    ...findWalls(gexByStrike(chain, gexPerOption(chain, w, spot))),
  };
}

/**
 * Roll-off of the earliest expiry among `selected` (the options in view): the map before and
 * after it leaves, at today's spot with the other options unchanged, and the dealer delta it holds.
 * Null when nothing is in view. `before` may be passed when the caller already has the view's map.
 */
export function rollOff(
  snapshot: ChainSnapshot,
  selected: readonly OptionQuote[],
  opts: RollOffOptions,
  before: MapSummary = mapSummary(snapshot, selected, opts),
): RollOff | null {
  if (selected.length === 0) return null;
  let next = Number.POSITIVE_INFINITY;
  for (const o of selected) if (o.expiry < next) next = o.expiry;
  const expiring = selected.filter((o) => o.expiry === next);
  const remaining = selected.filter((o) => o.expiry !== next);
  const after = mapSummary(snapshot, remaining, opts);
  const chain = toColumnar(snapshot, expiring);
  const delta = dealerDeltaAt(chain, dealerDeltaWeights(chain, positionsFor(chain, opts.positioning)), snapshot.spot);
  const deltaUsd = delta * snapshot.spot;
  return {
    expiry: new Date(next).toISOString(),
    hoursToExpiry: (next - snapshot.asOf) / 3_600_000,
    options: expiring.length,
    before,
    after,
    netGexChange: after.netGex - before.netGex,
    expiringDealerDelta: delta,
    expiringDealerDeltaUsd: deltaUsd,
    unwindFlowUsd: deltaUsd,
  };
}
