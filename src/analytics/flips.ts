import type { ColumnarChain } from '../chain/columnar.js';
import { type CertifiedFlips, certifiedGammaFlips, type FlipSearchOptions } from './certifiedFlips.js';
import type { GexProfile } from './profile.js';

/**
 * Every gamma flip inside the profile's range, with what the search showed: each sign change of
 * the exact net-GEX function is refined as a root (Brent), and the search certifies that none was
 * missed, even between two grid points (certifiedFlips.ts). The profile gives the range and the
 * scan's points; its cells are bounded again, so a caller holding no profile yet should call
 * certifiedGammaFlips, which returns one.
 */
export function findGammaFlips(
  chain: ColumnarChain,
  w: Float64Array,
  profile: GexProfile,
  options: FlipSearchOptions = {},
): Omit<CertifiedFlips, 'profile'> {
  const { spots } = profile;
  const grid = { lo: spots[0]!, hi: spots[spots.length - 1]!, points: spots.length };
  const { flips, search } = certifiedGammaFlips(chain, w, grid, options);
  return { flips, search };
}

/** The flip nearest spot, or null when there is none within the range. */
export function nearestFlip(flips: readonly number[], spot: number): number | null {
  let best: number | null = null;
  for (const f of flips) if (best === null || Math.abs(f - spot) < Math.abs(best - spot)) best = f;
  return best;
}
