import type { ColumnarChain } from '../chain/columnar.js';
import {
  type GexProfile,
  logGrid,
  type OptionOnGrid,
  type ProfileGrid,
  type SweepSink,
  type SweepTargets,
  type SweptColumns,
  sweepProfile,
  sweepProfileWithout,
} from './profile.js';

/**
 * The profile with, for every cell [x_j, x_{j+1}] of its log-spot grid, a lower and an upper bound
 * of G(x) = Σ_i w_i·exp(−d1_i(x)²/2) over the whole cell (net GEX is S·G, so it has G's sign).
 * `slack` is the rounding allowance of the bounds: a cell with lower > slack or upper < −slack
 * holds no root.
 */
export interface ProfileCells {
  readonly profile: GexProfile;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly slack: Float64Array;
}

/** Terms the sweep drops are below this share of Σ|w| (the profile's TAIL_CUTOFF). */
const TAIL_SHARE = 1e-22;

function sweepTargets(points: number): SweepTargets {
  return {
    peak: new Float64Array(points),
    firstUp: new Float64Array(points),
    up: new Float64Array(points),
    firstDown: new Float64Array(points),
    down: new Float64Array(points),
  };
}

/** Σ of the five accumulators at grid point j. */
function sumAt(t: SweepTargets, j: number): number {
  return t.peak[j]! + t.firstUp[j]! + t.up[j]! + t.firstDown[j]! + t.down[j]!;
}

/**
 * The bounds from the sweep's own terms, at no extra exp per grid point. In x = ln S each term
 * g_i(x) = exp(−d1_i(x)²/2) is a Gaussian bump with its peak at d1_i = 0, so on a cell it is
 * monotone unless the peak lies inside. The sweep walks each option outwards from p_i, the grid
 * point nearest its peak, so for cell j:
 *   - options with p_i ≤ j−1 decrease over the cell: their values lie between the value at
 *     x_{j+1} (in `up[j+1]`: steps ≥ 2 from the peak) and at x_j (`up[j] + firstUp[j]`);
 *   - options with p_i ≥ j+2 increase: between `down[j]` and `down[j+1] + firstDown[j+1]`;
 *   - options with p_i ∈ {j, j+1} may peak inside: their range [min(g(x_j), g(x_{j+1})), 1]
 *     (1 only when d1 = 0 falls in the cell) is added per option into `cellLo`/`cellHi`, as is
 *     an option whose bump lies wholly between two grid points (the sweep skips it).
 * Splitting by the sign of w_i puts each sum on its side: positive weights take their minimum into
 * the lower bound, negative weights their maximum magnitude. Beyond an option's walked span its
 * term is below TAIL_SHARE·Σ|w| everywhere; every such term is covered by n·TAIL_SHARE·Σ|w|, and a
 * missing end value is a 0 on the side of its minimum, which only loosens the bound.
 * Rounding: a term walked k steps carries a relative error below k²·ε (the ratio's error grows by ε
 * a step and compounds into the term), so the slack is (points² + 64)·ε times the sum of |terms|
 * at both ends: 1.1e-10 at 1,000 points, three orders above the error measured on SPX.
 */
export function profileWithCells(chain: ColumnarChain, w: Float64Array, grid: ProfileGrid): ProfileCells {
  const sums = new CellSums(grid);
  sums.add(chain, w, 1);
  return sums.cells(chain.n);
}

/**
 * The sums profileWithCells builds its bounds from, kept open so options can be added and taken
 * out again (the live map: one option's old terms out, its new ones in). Every sum is a sum over
 * options, so taking an option out is adding its terms negated.
 */
export class CellSums {
  private readonly spots: Float64Array;
  private readonly pos: SweepTargets;
  private readonly neg: SweepTargets;
  private readonly cellLo: Float64Array;
  private readonly cellHi: Float64Array;
  private readonly cellAbs: Float64Array;
  private absWeight = 0;

  constructor(private readonly grid: ProfileGrid) {
    this.spots = logGrid(grid);
    this.pos = sweepTargets(grid.points);
    this.neg = sweepTargets(grid.points);
    this.cellLo = new Float64Array(grid.points - 1);
    this.cellHi = new Float64Array(grid.points - 1);
    this.cellAbs = new Float64Array(grid.points - 1);
  }

  /**
   * The cell bounds of all options of `chain` and, from the same pass, of those `leftOut` does not
   * mark (the roll-off's map without the next expiry): each equal to the last bit to
   * profileWithCells of its own options, in their order.
   */
  static withAndWithout(
    chain: SweptColumns & { readonly n: number },
    w: Float64Array,
    leftOut: Uint8Array,
    grid: ProfileGrid,
  ): { all: ProfileCells; rest: ProfileCells } {
    const all = new CellSums(grid);
    const rest = new CellSums(grid);
    sweepProfileWithout(chain, w, leftOut, grid, all.sinkFor(w, 1), rest.sinkFor(w, 1));
    let absAll = 0;
    let absRest = 0;
    let n = 0;
    for (let i = 0; i < chain.n; i++) absAll += Math.abs(w[i]!);
    for (let i = 0; i < chain.n; i++) {
      if (leftOut[i] !== 0) continue;
      absRest += Math.abs(w[i]!);
      n++;
    }
    all.absWeight += absAll;
    rest.absWeight += absRest;
    return { all: all.cells(chain.n), rest: rest.cells(n) };
  }

  /** Where a sweep adding (sign 1) or taking out (sign −1) the options of weights `w` puts their terms. */
  private sinkFor(w: Float64Array, sign: 1 | -1): SweepSink {
    const last = this.grid.points - 1;
    const { cellLo, cellHi, cellAbs, pos, neg } = this;
    /** Option i's range over cell j, from d1 at its two ends. */
    const addCell = (j: number, wi: number, da: number, db: number) =>
      addCellTerms(j, wi, da, db, wi * Math.exp(-0.5 * da * da), wi * Math.exp(-0.5 * db * db));
    /** The same, given the option's terms ta and tb at the cell's two ends. */
    const addCellTerms = (j: number, wi: number, da: number, db: number, ta: number, tb: number) => {
      let lo = Math.min(ta, tb);
      let hi = Math.max(ta, tb);
      if (da <= 0 && db >= 0) {
        if (wi > 0) hi = wi;
        else lo = wi;
      }
      cellLo[j]! += sign * lo;
      cellHi[j]! += sign * hi;
      cellAbs[j]! += sign * Math.max(Math.abs(lo), Math.abs(hi));
    };
    const seen = (o: OptionOnGrid) => {
      const wi = w[o.i]!;
      const { d0, delta } = o;
      if (o.jLo <= o.jHi) {
        // the two cells beside the peak share its end: its term is taken once (the same bits as twice)
        const p = o.peak;
        const dp = d0 + p * delta;
        const tp = wi * Math.exp(-0.5 * dp * dp);
        if (p >= 1) {
          const da = d0 + (p - 1) * delta;
          addCellTerms(p - 1, wi, da, dp, wi * Math.exp(-0.5 * da * da), tp);
        }
        if (p < last) {
          const db = d0 + (p + 1) * delta;
          addCellTerms(p, wi, dp, db, tp, wi * Math.exp(-0.5 * db * db));
        }
        return;
      }
      // No grid point is live, but the bump may sit between two: the cell holding d1 = 0 and its neighbours.
      const k = Math.floor(-d0 / delta);
      for (let j = Math.max(0, k - 1); j <= Math.min(last - 1, k + 1); j++)
        addCell(j, wi, d0 + j * delta, d0 + (j + 1) * delta);
    };
    // taken out: the sweep adds the negated terms into the accumulators the option's own sign picks
    return { targetsFor: (wi) => (sign * wi > 0 ? pos : neg), seen };
  }

  /** Adds (sign 1) or takes out (sign −1) the terms of the options in `cols` with weights `w`. */
  add(cols: SweptColumns, w: Float64Array, sign: 1 | -1): void {
    const { targetsFor, seen } = this.sinkFor(w, sign);
    let swept = w;
    if (sign === -1) {
      swept = new Float64Array(cols.n);
      for (let i = 0; i < cols.n; i++) swept[i] = -w[i]!;
    }
    sweepProfile(cols, swept, this.grid, targetsFor, seen);
    let absWeight = 0;
    for (let i = 0; i < cols.n; i++) absWeight += Math.abs(w[i]!);
    this.absWeight += sign * absWeight;
  }

  /** The profile and the cell bounds of the options added so far, `n` the chain's size (for the tail). */
  cells(n: number): ProfileCells {
    const { spots, pos, neg, cellLo, cellHi, cellAbs } = this;
    const points = this.grid.points;
    const last = points - 1;
    const netGex = new Float64Array(points);
    const absAt = new Float64Array(points);
    for (let j = 0; j < points; j++) {
      const p = sumAt(pos, j);
      const m = sumAt(neg, j);
      netGex[j] = (p + m) * spots[j]!;
      absAt[j] = p - m;
    }
    const tail = n * TAIL_SHARE * this.absWeight;
    const rho = (points * points + 64) * Number.EPSILON;
    const lower = new Float64Array(last);
    const upper = new Float64Array(last);
    const slack = new Float64Array(last);
    for (let j = 0; j < last; j++) {
      const b = j + 1;
      lower[j] =
        pos.up[b]! + pos.down[j]! + neg.up[j]! + neg.firstUp[j]! + neg.down[b]! + neg.firstDown[b]! + cellLo[j]!;
      upper[j] =
        pos.up[j]! + pos.firstUp[j]! + pos.down[b]! + pos.firstDown[b]! + neg.up[b]! + neg.down[j]! + cellHi[j]!;
      slack[j] = rho * (absAt[j]! + absAt[b]! + cellAbs[j]!) + tail;
    }
    return { profile: { spots: Float64Array.from(spots), netGex }, lower, upper, slack };
  }
}
