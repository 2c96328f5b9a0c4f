import type { ColumnarChain } from '../chain/columnar.js';
import { checkFraction, PROFILE_RANGE } from '../core/units/index.js';
import { gexByStrike, type StrikeColumns } from './byStrike.js';
import { certifiedGammaFlips, type FlipSearch } from './certifiedFlips.js';
import { nearestFlip } from './flips.js';
import { gexPerOption, gexWeights, netGexAt } from './gexWeights.js';
import { findWalls, type Walls } from './levels.js';
import type { GexProfile, ProfileGrid } from './profile.js';
import type { ProfileCells } from './profileCells.js';
import { distancePct, type Regime, regimeOf } from './regime.js';

/**
 * The headline numbers of a map, defined once: the report, roll-off, the flow comparison, the
 * alerts and the history chart each take a Pick of these.
 */
export interface MapSummary extends Walls {
  /** USD per 1 % move at spot, compensated sum; + means dealers long gamma */
  readonly netGex: number;
  readonly callGex: number;
  readonly putGex: number;
  readonly regime: Regime;
  /** every flip in the range, ascending */
  readonly gammaFlips: number[];
  readonly nearestFlip: number | null;
  /** (nearest flip − spot)/spot in %, null without a flip */
  readonly distanceToFlipPct: number | null;
}

/** The map's summary with what it was computed from: what the report, the live view and the recorder all need. */
export interface GexHeadline extends MapSummary {
  /** the profile range */
  readonly lo: number;
  readonly hi: number;
  readonly profile: GexProfile;
  /** whether the flips are shown to be every sign change in the range */
  readonly flipSearch: FlipSearch;
  readonly byStrike: StrikeColumns;
  /** per-option GEX at spot (USD per 1 %) */
  readonly perOption: Float64Array;
}

/** The profile grid of a map around `spot`: spot·(1 ± range) on `profilePoints` points. */
export function profileGridOf(spot: number, opts: { range: number; profilePoints: number }): ProfileGrid {
  return { lo: spot * (1 - opts.range), hi: spot * (1 + opts.range), points: opts.profilePoints };
}

/**
 * Net GEX, flips and walls of a chain under dealer positions `q`, with the profile scanned over
 * spot·(1 ± range) on `profilePoints` points and each flip refined exactly; the flip search says
 * whether it showed that no sign change was missed. `cells`, the profile and cell bounds of
 * (chain, q) on that grid, are swept here unless already at hand.
 */
export function gexHeadline(
  chain: ColumnarChain,
  q: Float64Array,
  opts: { range: number; profilePoints: number },
  cells?: ProfileCells,
  /** gexWeights(chain, q), when at hand */
  w = gexWeights(chain, q),
): GexHeadline {
  checkFraction(PROFILE_RANGE, opts.range);
  const spot = chain.spot;
  const perOption = gexPerOption(chain, w, spot);
  const byStrike = gexByStrike(chain, perOption);
  let callGex = 0;
  let putGex = 0;
  for (let s = 0; s < byStrike.strikes.length; s++) {
    callGex += byStrike.callGex[s]!;
    putGex += byStrike.putGex[s]!;
  }
  const grid = profileGridOf(spot, opts);
  const { lo, hi } = grid;
  const { profile, flips, search } = certifiedGammaFlips(chain, w, grid, cells ? { cells } : {});
  const nearest = nearestFlip(flips, spot);
  const netGex = netGexAt(chain, w, spot);
  return {
    netGex,
    callGex,
    putGex,
    regime: regimeOf(netGex),
    gammaFlips: flips,
    nearestFlip: nearest,
    distanceToFlipPct: nearest === null ? null : distancePct(nearest, spot),
    ...findWalls(byStrike),
    lo,
    hi,
    profile,
    flipSearch: search,
    byStrike,
    perOption,
  };
}
