import type { ColumnarChain } from '../chain/columnar.js';
import { brentRoot } from '../core/brent.js';
import { netGexAt } from './gexWeights.js';
import type { GexProfile } from './profile.js';

/** Flips are refined far below the 1e-7 relative the issue asks for. */
const FLIP_REL_TOL = 1e-12;

/**
 * Every gamma flip inside the profile's range: each sign change between neighbouring grid
 * points is refined as a root of the exact net-GEX function (Brent), not read off the grid.
 * Sign changes closer together than one grid step (0.04 % of spot at 1,000 points over ±20 %)
 * can hide from the scan; that is the resolution limit, stated in the report's conventions.
 */
export function findGammaFlips(chain: ColumnarChain, w: Float64Array, profile: GexProfile): number[] {
  const { spots, netGex } = profile;
  const f = (s: number) => netGexAt(chain, w, s);
  const flips: number[] = [];
  for (let j = 0; j + 1 < spots.length; j++) {
    const a = netGex[j]!;
    const b = netGex[j + 1]!;
    if (a === 0) {
      if (j === 0 || Math.sign(netGex[j - 1]!) !== Math.sign(b)) flips.push(spots[j]!);
      continue;
    }
    if (a * b < 0) {
      // Re-evaluate the ends exactly so the bracket is the exact function's, not the sweep's.
      const lo = spots[j]!;
      const hi = spots[j + 1]!;
      const fLo = f(lo);
      const fHi = f(hi);
      const root = brentRoot(f, lo, hi, { relTol: FLIP_REL_TOL, fLo, fHi });
      if (Number.isFinite(root)) flips.push(root);
    }
  }
  const lastIndex = spots.length - 1;
  if (netGex[lastIndex] === 0 && lastIndex > 0 && netGex[lastIndex - 1] !== 0) flips.push(spots[lastIndex]!);
  return flips.sort((x, y) => x - y);
}

/** The flip nearest spot, or null when there is none within the range. */
export function nearestFlip(flips: readonly number[], spot: number): number | null {
  let best: number | null = null;
  for (const f of flips) if (best === null || Math.abs(f - spot) < Math.abs(best - spot)) best = f;
  return best;
}
