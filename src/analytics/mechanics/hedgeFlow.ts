import type { ColumnarChain } from '../../chain/columnar.js';
import { normCdf } from '../../core/normal.js';
import { checkFraction, FLOW_RANGE, percentOf } from '../../core/units/index.js';
import { gexWeights, netGexAt } from '../gexWeights.js';
import { dealerDeltaAt, dealerDeltaWeights } from './deltaKernel.js';

export interface HedgeFlowGrid {
  /** half-width of the moves as a fraction of spot (0.1 = −10 %..+10 %) */
  readonly range: number;
  /** points, evenly spaced in percent of spot; an odd count puts one point at 0 % */
  readonly points: number;
}

export interface ExpiryFlow {
  /** ISO instant */
  readonly expiry: string;
  readonly daysToExpiry: number;
  /** this expiry's share of `flowUsd`, at the same moves */
  readonly flowUsd: number[];
}

/** What dealers must trade to stay delta-neutral when spot moves, exact and linear. */
export interface HedgeFlowCurve {
  /** moves in percent of spot (−10 … +10) */
  readonly movesPct: number[];
  /** hypothetical spots S' = spot × (1 + move) */
  readonly spots: number[];
  /** exact: −(dealer delta(S') − dealer delta(spot)) × S', USD; + = dealers buy, − = dealers sell */
  readonly flowUsd: number[];
  /** linear gamma approximation: −net GEX(spot) × move in %, USD */
  readonly linearUsd: number[];
  /** flowUsd − linearUsd */
  readonly differenceUsd: number[];
  /** dealers' delta at spot, underlying units (Σ q·m·Δ) */
  readonly dealerDelta: number;
  /** dealerDelta × spot, USD */
  readonly dealerDeltaUsd: number;
  /** net GEX at spot used for the linear line, USD per 1 % */
  readonly netGex: number;
  readonly byExpiry: ExpiryFlow[];
}

export const DEFAULT_FLOW_GRID: HedgeFlowGrid = { range: 0.1, points: 41 };

export function flowMovesPct({ range, points }: HedgeFlowGrid): Float64Array {
  checkFraction(FLOW_RANGE, range);
  if (!(Number.isInteger(points) && points >= 2))
    throw new RangeError(`hedge-flow grid needs an integer number of points >= 2 (got ${points})`);
  const moves = new Float64Array(points);
  // (2j − (P−1))/(P−1) keeps the middle point at exactly 0 and the ends at exactly ±range.
  const pct = percentOf(range);
  for (let j = 0; j < points; j++) moves[j] = (pct * (2 * j - (points - 1))) / (points - 1);
  return moves;
}

/** Beyond |d1| = 9 on one side over the whole range, N(d1) moves by less than 1e-19: the delta is frozen. */
const FROZEN_D1 = 9;

/** Indices of the options whose delta can change between spots lo and hi (d1 rises with S). */
function movingOptions(chain: ColumnarChain, lo: number, hi: number): Int32Array {
  const xLo = Math.log(lo);
  const xHi = Math.log(hi);
  const idx = new Int32Array(chain.n);
  let count = 0;
  for (let i = 0; i < chain.n; i++) {
    const dLo = (xLo + chain.d1Shift[i]!) / chain.stdDev[i]!;
    const dHi = (xHi + chain.d1Shift[i]!) / chain.stdDev[i]!;
    if (dHi < -FROZEN_D1 || dLo > FROZEN_D1) continue;
    idx[count++] = i;
  }
  return idx.subarray(0, count);
}

/**
 * The hedge-flow curve by exact re-pricing: every option's delta is re-computed at S' (forwards
 * move with spot, sticky strike), and dealers trade the opposite of their delta change, at S'.
 * One pass over the options, each taken at every grid point; per-expiry sums share the pass. Options whose delta
 * cannot move over the range (|d1| > 9 on one side at both ends) are skipped.
 */
export function hedgeFlowCurve(
  chain: ColumnarChain,
  q: Float64Array,
  grid: HedgeFlowGrid = DEFAULT_FLOW_GRID,
  /** what the report already has for (chain, q): its dealer delta weights and its net GEX at spot */
  known: { readonly deltaWeights?: Float64Array; readonly netGex?: number } = {},
): HedgeFlowCurve {
  const moves = flowMovesPct(grid);
  const points = grid.points;
  const spot = chain.spot;
  const w = known.deltaWeights ?? dealerDeltaWeights(chain, q);
  const x0 = Math.log(spot);
  const nExp = chain.expiries.length;
  const perExpiry = new Float64Array(nExp * points);
  const flow = new Float64Array(points);
  const linear = new Float64Array(points);
  const netGex = known.netGex ?? (chain.n > 0 ? netGexAt(chain, gexWeights(chain, q), spot) : 0);

  const active = movingOptions(chain, spot * (1 + moves[0]! / 100), spot * (1 + moves[points - 1]! / 100));

  const xs = new Float64Array(points);
  for (let j = 0; j < points; j++) xs[j] = Math.log(spot * (1 + moves[j]! / 100));
  // At the move of 0 % (xs[j] = x0) the delta change is exactly 0 (φ·(a/σ) and (φ·a)/σ are the
  // same number for φ = ±1), and adding ±0 leaves every sum as it is: that point is skipped.
  let still = -1;
  for (let j = 0; j < points; j++) if (xs[j] === x0) still = j;
  // option by option, every grid point: each option's terms are read once, and every cell still
  // takes its options in option order, so the sums are the same to the last digit. An expiry's
  // cells are next to each other (byExpiry[e·points + j]), so an option writes one stretch.
  for (let a = 0; a < active.length; a++) {
    const i = active[a]!;
    const phi = chain.phi[i]!;
    const shift = chain.d1Shift[i]!;
    const sd = chain.stdDev[i]!;
    const weight = w[i]!;
    // φ·N(φ·d1) at spot, for the options that move only
    const from = phi * normCdf(phi * ((x0 + shift) / sd));
    const row = chain.expiryIndex[i]! * points;
    for (let j = 0; j < points; j++) {
      if (j === still) continue;
      const cdf = phi * normCdf((phi * (xs[j]! + shift)) / sd);
      perExpiry[row + j]! += weight * (cdf - from);
    }
  }
  for (let j = 0; j < points; j++) {
    const s = spot * (1 + moves[j]! / 100);
    let total = 0;
    for (let e = 0; e < nExp; e++) {
      const f = -perExpiry[e * points + j]! * s;
      perExpiry[e * points + j] = f;
      total += f;
    }
    flow[j] = total;
    linear[j] = -netGex * moves[j]!;
  }

  const dealerDelta = dealerDeltaAt(chain, w, spot);
  return {
    movesPct: Array.from(moves),
    spots: Array.from(moves, (m) => spot * (1 + m / 100)),
    flowUsd: Array.from(flow),
    linearUsd: Array.from(linear),
    differenceUsd: Array.from(flow, (f, j) => f - linear[j]!),
    dealerDelta,
    dealerDeltaUsd: dealerDelta * spot,
    netGex,
    byExpiry: chain.expiries.map((expiry, e) => ({
      expiry: new Date(expiry).toISOString(),
      daysToExpiry: (expiry - chain.asOf) / 86_400_000,
      flowUsd: Array.from(perExpiry.subarray(e * points, (e + 1) * points)),
    })),
  };
}
