import type { ColumnarChain } from '../chain/columnar.js';
import { netGexAt } from './gexWeights.js';

/** Net GEX over a grid of hypothetical spots, log-spaced from `lo` to `hi`. */
export interface GexProfile {
  readonly spots: Float64Array;
  /** USD per 1 % move at each spot */
  readonly netGex: Float64Array;
}

export interface ProfileGrid {
  readonly lo: number;
  readonly hi: number;
  readonly points: number;
}

/** Terms below this share of Σ|w_i| are dropped: far below the 1e-9 relative accuracy promised. */
const TAIL_CUTOFF = 1e-22;

export function logGrid({ lo, hi, points }: ProfileGrid): Float64Array {
  if (!(lo > 0 && hi > lo && points >= 2 && Number.isInteger(points))) {
    throw new RangeError(
      `profile grid needs 0 < lo < hi and an integer number of points >= 2 (got ${lo}, ${hi}, ${points})`,
    );
  }
  const spots = new Float64Array(points);
  const h = Math.log(hi / lo) / (points - 1);
  for (let j = 0; j < points; j++) spots[j] = lo * Math.exp(j * h);
  spots[points - 1] = hi;
  return spots;
}

/**
 * The profile by recurrence: along a log-spaced grid d1 is linear in the grid index
 * (d1_j = d1_0 + j·δ with δ = h/σ√t), so g_j = exp(−d1_j²/2) obeys
 * g_{j+1} = g_j·r_j, r_{j+1} = r_j·exp(−δ²): two multiplications a point instead of an exp.
 * Each option starts at its own peak (the grid point nearest d1 = 0, computed directly) and walks
 * outwards both ways over the span where its term stays above TAIL_CUTOFF·Σ|w|, so values only
 * shrink along a walk (no underflow to recover from) and rounding grows ~1e-16 per step.
 */
export function gexProfile(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid): GexProfile {
  const spots = logGrid(grid);
  const points = grid.points;
  const acc = new Float64Array(points);
  const h = Math.log(grid.hi / grid.lo) / (points - 1);
  const x0 = Math.log(grid.lo);
  let absWeight = 0;
  for (let i = 0; i < chain.n; i++) absWeight += Math.abs(w[i]!);
  const floor = TAIL_CUTOFF * absWeight;
  const last = points - 1;

  for (let i = 0; i < chain.n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const cut = floor / Math.abs(wi);
    if (cut >= 1) continue;
    // The term is negligible where |d1| > dCut; d1 is linear in j, so the live span is an index interval.
    const dCut = Math.sqrt(-2 * Math.log(cut));
    const sd = chain.stdDev[i]!;
    const delta = h / sd;
    const d0 = (x0 + chain.d1Shift[i]!) / sd;
    const jLo = Math.max(0, Math.ceil((-dCut - d0) / delta));
    const jHi = Math.min(last, Math.floor((dCut - d0) / delta));
    if (jLo > jHi) continue; // the whole range lies in the tail
    let peak = Math.round(-d0 / delta);
    if (peak < jLo) peak = jLo;
    else if (peak > jHi) peak = jHi;
    const dp = d0 + peak * delta;
    // Terms carry the weight from the start: the ratios are positive, so the sign never changes.
    const tp = wi * Math.exp(-0.5 * dp * dp);
    acc[peak]! += tp;
    const c = Math.exp(-delta * delta);
    // Upwards: g_{j+1}/g_j = exp(−d_j·δ − δ²/2); downwards: g_{j−1}/g_j = exp(d_j·δ − δ²/2).
    let tu = tp;
    let ru = Math.exp(-dp * delta - 0.5 * delta * delta);
    let td = tp;
    let rd = Math.exp(dp * delta - 0.5 * delta * delta);
    const up = jHi - peak;
    const down = peak - jLo;
    const both = up < down ? up : down;
    // Both walks in one loop: two independent multiply chains keep the pipeline busy.
    let ju = peak + 1;
    let jd = peak - 1;
    for (let k = 0; k < both; k++) {
      tu *= ru;
      ru *= c;
      td *= rd;
      rd *= c;
      acc[ju++]! += tu;
      acc[jd--]! += td;
    }
    for (; ju <= jHi; ju++) {
      tu *= ru;
      ru *= c;
      acc[ju]! += tu;
    }
    for (; jd >= jLo; jd--) {
      td *= rd;
      rd *= c;
      acc[jd]! += td;
    }
  }
  for (let j = 0; j < points; j++) acc[j]! *= spots[j]!;
  return { spots, netGex: acc };
}

/** The same profile by the direct formula at every point: the reference the fast one is tested against. */
export function gexProfileDirect(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid): GexProfile {
  const spots = logGrid(grid);
  const netGex = new Float64Array(grid.points);
  for (let j = 0; j < grid.points; j++) netGex[j] = netGexAt(chain, w, spots[j]!);
  return { spots, netGex };
}
