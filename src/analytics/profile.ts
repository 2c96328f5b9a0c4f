import type { ColumnarChain } from '../chain/columnar.js';
import { netGexAt } from './gexWeights.js';
import { SIMD_SWEEP_FROM, type SimdPeakWalk, simdPeakWalk } from './simdPeakWalk.js';

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
export const TAIL_CUTOFF = 1e-22;

/**
 * Adds the `count` terms after grid point p in direction dir (±1): t_{k+1} = t_k·r_k, r_{k+1} = r_k·c,
 * starting from t_p = tp and r_p = r0. Four interleaved sub-chains of stride 4 (t ← t·R, R ← R·c¹⁶
 * with R the product of four consecutive ratios) keep four multiplications in flight instead of one
 * dependent chain.
 */
export function walk(
  acc: Float64Array,
  p: number,
  dir: 1 | -1,
  count: number,
  tp: number,
  r0: number,
  c: number,
): void {
  if (count < 8) {
    let t = tp;
    let r = r0;
    for (let k = 1, j = p + dir; k <= count; k++, j += dir) {
      t *= r;
      r *= c;
      acc[j]! += t;
    }
    return;
  }
  const r1 = r0 * c;
  let t1 = tp * r0;
  let t2 = t1 * r1;
  let t3 = t2 * r1 * c;
  let t4 = t3 * r1 * c * c;
  const c2 = c * c;
  const c4 = c2 * c2;
  const c16 = c4 * c4 * c4 * c4;
  const r1sq = r1 * r1;
  let q1 = r1sq * r1sq * c4 * c2; // r_{p+1}·r_{p+2}·r_{p+3}·r_{p+4} = r_{p+1}⁴·c⁶
  let q2 = q1 * c4;
  let q3 = q2 * c4;
  let q4 = q3 * c4;
  const blocks = count >> 2;
  let j = p + dir;
  const step = dir;
  for (let b = 0; b < blocks; b++) {
    acc[j]! += t1;
    acc[j + step]! += t2;
    acc[j + 2 * step]! += t3;
    acc[j + 3 * step]! += t4;
    t1 *= q1;
    t2 *= q2;
    t3 *= q3;
    t4 *= q4;
    q1 *= c16;
    q2 *= c16;
    q3 *= c16;
    q4 *= c16;
    j += 4 * step;
  }
  const rest = count & 3;
  if (rest > 0) acc[j]! += t1;
  if (rest > 1) acc[j + step]! += t2;
  if (rest > 2) acc[j + 2 * step]! += t3;
}

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

/** The columns a sweep reads: the chain's own, or the same terms at a later date (gexSurface). */
export type SweptColumns = Pick<ColumnarChain, 'n' | 'stdDev' | 'd1Shift'>;

/**
 * The accumulators one option's terms are added into: its peak point, the first step either way
 * and the rest of each walk. The profile uses one array for all five; the certified flip search
 * splits them (by weight sign too) to bound net GEX between grid points.
 */
export interface SweepTargets {
  readonly peak: Float64Array;
  readonly firstUp: Float64Array;
  readonly up: Float64Array;
  readonly firstDown: Float64Array;
  readonly down: Float64Array;
}

/** Where one option sits on the grid, as the sweep saw it: d1 at grid point 0 and its step per point. */
export interface OptionOnGrid {
  i: number;
  /** d1 at grid point 0 */
  d0: number;
  /** d1 step per grid point, h/σ√t */
  delta: number;
  /** the walked span (empty when jLo > jHi: every grid point lies in the tail) */
  jLo: number;
  jHi: number;
  /** the grid point nearest d1 = 0, clamped into the span */
  peak: number;
}

/**
 * The profile by recurrence: along a log-spaced grid d1 is linear in the grid index
 * (d1_j = d1_0 + j·δ with δ = h/σ√t), so g_j = exp(−d1_j²/2) obeys
 * g_{j+1} = g_j·r_j, r_{j+1} = r_j·exp(−δ²): two multiplications a point instead of an exp.
 * Each option starts at its own peak (the grid point nearest d1 = 0, computed directly) and walks
 * outwards both ways over the span where its term stays above TAIL_CUTOFF·Σ|w|, so values only
 * shrink along a walk (no underflow to recover from) and rounding grows ~1e-16 per step.
 * `targetsFor` picks the accumulators of an option from its weight, one of a few fixed objects (a
 * chain of SIMD_SWEEP_FROM options or more binds each into the SIMD kernel once, and walks there);
 * `seen` is told where every option not wholly below the cutoff sits (one reused object, valid
 * during the call only).
 * Returns the grid's log-step h.
 */
export function sweepProfile(
  chain: SweptColumns,
  w: Float64Array,
  grid: ProfileGrid,
  targetsFor: (weight: number) => SweepTargets,
  seen?: (o: OptionOnGrid) => void,
): number {
  const points = grid.points;
  const h = Math.log(grid.hi / grid.lo) / (points - 1);
  const x0 = Math.log(grid.lo);
  let absWeight = 0;
  for (let i = 0; i < chain.n; i++) absWeight += Math.abs(w[i]!);
  const floor = TAIL_CUTOFF * absWeight;
  const last = points - 1;
  const at: OptionOnGrid = { i: 0, d0: 0, delta: 0, jLo: 0, jHi: 0, peak: 0 };
  const simd = chain.n >= SIMD_SWEEP_FROM ? simdPeakWalk() : null;
  try {
    for (let i = 0; i < chain.n; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      const cut = floor / Math.abs(wi);
      if (cut >= 1) continue;
      // The term is negligible where |d1| > dCut; d1 is linear in j, so the live span is an index interval.
      const dCut = Math.sqrt(-2 * Math.log(cut));
      const sd = chain.stdDev[i]!;
      const delta = h / sd;
      const perD = sd / h; // grid points per unit of d1
      const d0 = (x0 + chain.d1Shift[i]!) / sd;
      const jLo = Math.max(0, Math.ceil((-dCut - d0) * perD));
      const jHi = Math.min(last, Math.floor((dCut - d0) * perD));
      let peak = Math.round(-d0 * perD);
      if (peak < jLo) peak = jLo;
      else if (peak > jHi) peak = jHi;
      if (seen) {
        at.i = i;
        at.d0 = d0;
        at.delta = delta;
        at.jLo = jLo;
        at.jHi = jHi;
        at.peak = peak;
        seen(at);
      }
      if (jLo > jHi) continue; // the whole grid lies in the tail
      const to = simd ? simd.targets(targetsFor(wi)) : targetsFor(wi);
      const dp = d0 + peak * delta;
      // Terms carry the weight from the start: the ratios are positive, so the sign never changes.
      const tp = wi * Math.exp(-0.5 * dp * dp);
      to.peak[peak]! += tp;
      const c = Math.exp(-delta * delta);
      // Upwards: g_{j+1}/g_j = exp(−d_j·δ − δ²/2); downwards: g_{j−1}/g_j = exp(d_j·δ − δ²/2).
      const rUp = Math.exp(-dp * delta - 0.5 * delta * delta);
      // rUp·rDown = exp(−δ²): a division instead of an exp, unless rUp is out of range
      const rDown = rUp > 1e-300 && rUp < 1e300 ? c / rUp : Math.exp(dp * delta - 0.5 * delta * delta);
      if (jHi > peak) {
        const t1 = tp * rUp;
        to.firstUp[peak + 1]! += t1;
        walkInto(simd, to.up, null, peak + 1, 1, jHi - peak - 1, t1, rUp * c, c);
      }
      if (peak > jLo) {
        const t1 = tp * rDown;
        to.firstDown[peak - 1]! += t1;
        walkInto(simd, to.down, null, peak - 1, -1, peak - 1 - jLo, t1, rDown * c, c);
      }
    }
  } finally {
    simd?.unbind();
  }
  return h;
}

/** walk() into `acc` (and `acc2`, when given) by the SIMD kernel when there is one: the same bits either way. */
function walkInto(
  simd: SimdPeakWalk | null,
  acc: Float64Array,
  acc2: Float64Array | null,
  p: number,
  dir: 1 | -1,
  count: number,
  tp: number,
  r0: number,
  c: number,
): void {
  if (simd) simd.walk(acc, acc2, p, dir, count, tp, r0, c);
  else if (acc2) walkBoth(acc, acc2, p, dir, count, tp, r0, c);
  else walk(acc, p, dir, count, tp, r0, c);
}

/** walk() adding every term into `acc` and into `acc2` too: the same terms, read once. */
function walkBoth(
  acc: Float64Array,
  acc2: Float64Array,
  p: number,
  dir: 1 | -1,
  count: number,
  tp: number,
  r0: number,
  c: number,
): void {
  if (count < 8) {
    let t = tp;
    let r = r0;
    for (let k = 1, j = p + dir; k <= count; k++, j += dir) {
      t *= r;
      r *= c;
      acc[j]! += t;
      acc2[j]! += t;
    }
    return;
  }
  // the same sub-chains as walk(), term for term
  const r1 = r0 * c;
  let t1 = tp * r0;
  let t2 = t1 * r1;
  let t3 = t2 * r1 * c;
  let t4 = t3 * r1 * c * c;
  const c2 = c * c;
  const c4 = c2 * c2;
  const c16 = c4 * c4 * c4 * c4;
  const r1sq = r1 * r1;
  let q1 = r1sq * r1sq * c4 * c2;
  let q2 = q1 * c4;
  let q3 = q2 * c4;
  let q4 = q3 * c4;
  const blocks = count >> 2;
  let j = p + dir;
  const step = dir;
  for (let b = 0; b < blocks; b++) {
    acc[j]! += t1;
    acc[j + step]! += t2;
    acc[j + 2 * step]! += t3;
    acc[j + 3 * step]! += t4;
    acc2[j]! += t1;
    acc2[j + step]! += t2;
    acc2[j + 2 * step]! += t3;
    acc2[j + 3 * step]! += t4;
    t1 *= q1;
    t2 *= q2;
    t3 *= q3;
    t4 *= q4;
    q1 *= c16;
    q2 *= c16;
    q3 *= c16;
    q4 *= c16;
    j += 4 * step;
  }
  const rest = count & 3;
  if (rest > 0) {
    acc[j]! += t1;
    acc2[j]! += t1;
  }
  if (rest > 1) {
    acc[j + step]! += t2;
    acc2[j + step]! += t2;
  }
  if (rest > 2) {
    acc[j + 2 * step]! += t3;
    acc2[j + 2 * step]! += t3;
  }
}

/** One sweep's accumulators and listener (see sweepProfile). */
export interface SweepSink {
  readonly targetsFor: (weight: number) => SweepTargets;
  readonly seen: (o: OptionOnGrid) => void;
}

/**
 * sweepProfile over all options into `all`, and over the options `leftOut` does not mark into
 * `rest`, in one pass: to the last bit what two sweeps (the second over a chain of the other
 * options, in the same order) would add. Each sweep keeps its own tail floor, so an option's
 * span may differ between the two; where it is the same, its terms are computed once and added
 * into both, and otherwise each sweep walks it on its own as sweepProfile does.
 */
export function sweepProfileWithout(
  chain: SweptColumns,
  w: Float64Array,
  leftOut: Uint8Array,
  grid: ProfileGrid,
  all: SweepSink,
  rest: SweepSink,
): void {
  const points = grid.points;
  const h = Math.log(grid.hi / grid.lo) / (points - 1);
  const x0 = Math.log(grid.lo);
  let absAll = 0;
  for (let i = 0; i < chain.n; i++) absAll += Math.abs(w[i]!);
  let absRest = 0;
  for (let i = 0; i < chain.n; i++) if (leftOut[i] === 0) absRest += Math.abs(w[i]!);
  const floors = [TAIL_CUTOFF * absAll, TAIL_CUTOFF * absRest] as const;
  const last = points - 1;
  const sinks = [all, rest] as const;
  const on: [OptionOnGrid, OptionOnGrid] = [
    { i: 0, d0: 0, delta: 0, jLo: 0, jHi: 0, peak: 0 },
    { i: 0, d0: 0, delta: 0, jLo: 0, jHi: 0, peak: 0 },
  ];
  const live = [false, false];
  const simd = chain.n >= SIMD_SWEEP_FROM ? simdPeakWalk() : null;
  try {
    for (let i = 0; i < chain.n; i++) {
      const wi = w[i]!;
      if (wi === 0) continue;
      const sd = chain.stdDev[i]!;
      const delta = h / sd;
      const perD = sd / h;
      const d0 = (x0 + chain.d1Shift[i]!) / sd;
      const sweeps = leftOut[i] === 0 ? 2 : 1;
      for (let s = 0; s < sweeps; s++) {
        live[s] = false;
        const cut = floors[s]! / Math.abs(wi);
        if (cut >= 1) continue;
        const dCut = Math.sqrt(-2 * Math.log(cut));
        const jLo = Math.max(0, Math.ceil((-dCut - d0) * perD));
        const jHi = Math.min(last, Math.floor((dCut - d0) * perD));
        let peak = Math.round(-d0 * perD);
        if (peak < jLo) peak = jLo;
        else if (peak > jHi) peak = jHi;
        const at = on[s]!;
        at.i = i;
        at.d0 = d0;
        at.delta = delta;
        at.jLo = jLo;
        at.jHi = jHi;
        at.peak = peak;
        sinks[s]!.seen(at);
        live[s] = jLo <= jHi;
      }
      const shared = sweeps === 2 && live[0] && live[1] && on[0].jLo === on[1].jLo && on[0].jHi === on[1].jHi;
      for (let s = 0; s < sweeps; s++) {
        if (!live[s] || (shared && s === 1)) continue;
        const { jLo, jHi, peak } = on[s]!;
        const to = simd ? simd.targets(sinks[s]!.targetsFor(wi)) : sinks[s]!.targetsFor(wi);
        const both = shared ? (simd ? simd.targets(sinks[1].targetsFor(wi)) : sinks[1].targetsFor(wi)) : null;
        const dp = d0 + peak * delta;
        const tp = wi * Math.exp(-0.5 * dp * dp);
        to.peak[peak]! += tp;
        if (both) both.peak[peak]! += tp;
        const c = Math.exp(-delta * delta);
        const rUp = Math.exp(-dp * delta - 0.5 * delta * delta);
        const rDown = rUp > 1e-300 && rUp < 1e300 ? c / rUp : Math.exp(dp * delta - 0.5 * delta * delta);
        if (jHi > peak) {
          const t1 = tp * rUp;
          to.firstUp[peak + 1]! += t1;
          if (both) both.firstUp[peak + 1]! += t1;
          walkInto(simd, to.up, both ? both.up : null, peak + 1, 1, jHi - peak - 1, t1, rUp * c, c);
        }
        if (peak > jLo) {
          const t1 = tp * rDown;
          to.firstDown[peak - 1]! += t1;
          if (both) both.firstDown[peak - 1]! += t1;
          walkInto(simd, to.down, both ? both.down : null, peak - 1, -1, peak - 1 - jLo, t1, rDown * c, c);
        }
      }
    }
  } finally {
    simd?.unbind();
  }
}

export function gexProfile(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid): GexProfile {
  const spots = logGrid(grid);
  const acc = new Float64Array(grid.points);
  const all: SweepTargets = { peak: acc, firstUp: acc, up: acc, firstDown: acc, down: acc };
  sweepProfile(chain, w, grid, () => all);
  for (let j = 0; j < grid.points; j++) acc[j]! *= spots[j]!;
  return { spots, netGex: acc };
}

/** The same profile by the direct formula at every point: the reference the fast one is tested against. */
export function gexProfileDirect(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid): GexProfile {
  const spots = logGrid(grid);
  const netGex = new Float64Array(grid.points);
  for (let j = 0; j < grid.points; j++) netGex[j] = netGexAt(chain, w, spots[j]!);
  return { spots, netGex };
}
