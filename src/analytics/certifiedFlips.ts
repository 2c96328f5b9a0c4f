import type { ColumnarChain } from '../chain/columnar.js';
import { brentRoot } from '../core/brent.js';
import { type CellScan, emptyCellScan, scanCell } from './exactCell.js';
import { netGexAt } from './gexWeights.js';
import type { GexProfile, ProfileGrid } from './profile.js';
import { type ProfileCells, profileWithCells } from './profileCells.js';

/**
 * What the flip search showed. `certified`: every sign change of net GEX over the range is among
 * the flips (pairs of sign changes closer than FLIP_RESOLUTION, indistinguishable from a touch at
 * that resolution, are reported as one touch). Otherwise `reason` says where it was given up.
 */
export interface FlipSearch {
  readonly certified: boolean;
  /** cells of the scan grid (points − 1) */
  readonly cells: number;
  /** bisections of cells where the bounds could not exclude a pair of roots */
  readonly splitCells: number;
  /** spots where net GEX reaches zero (within rounding) without changing sign, ascending */
  readonly touches: number[];
  readonly reason?: string;
}

export interface CertifiedFlips {
  readonly profile: GexProfile;
  /** every sign change of net GEX in the range, ascending, each refined to 1e-12 relative */
  readonly flips: number[];
  readonly search: FlipSearch;
}

export interface FlipSearchOptions {
  /** bisections allowed over the whole search before it gives up certifying */
  readonly maxSplits?: number;
  /** the profile and cell bounds of (chain, w, grid), when already at hand (the live map keeps them) */
  readonly cells?: ProfileCells;
  /**
   * true: every cell the sweep's bounds leave open is scanned exactly, without the bend test first
   * (the search as it was before that test, which it is checked against). Same flips and search.
   */
  readonly exactCells?: boolean;
}

/** Cells narrower than this in ln S (1e-9 relative in spot) are not split: far below the flips' 1e-7. */
export const FLIP_RESOLUTION = 1e-9;
/** A touch needs ~20 levels of bisection with a few cells each; this leaves room for dozens. */
export const DEFAULT_MAX_SPLITS = 2000;
/** Flips are refined far below the 1e-7 relative the reports promise. */
const FLIP_REL_TOL = 1e-12;

type Sign = 1 | -1;

/**
 * Walks the range left to right through points of certain sign (|G| above its rounding slack) and
 * stretches where zero cannot be excluded, and names what lies between: two certain points of
 * opposite sign with nothing ambiguous between them bracket exactly one root (they are the ends of
 * a monotone cell, or of a cell narrower than the resolution); a stretch closed by the sign it was
 * opened with is a touch (or, if given up, unresolved), and by the other sign one flip.
 */
class SignWalk {
  readonly flips: number[] = [];
  readonly touches: number[] = [];
  readonly unresolved: [number, number][] = [];
  private sign: Sign | 0 = 0;
  private lastCertain = Number.NaN;
  /** net GEX at lastCertain, when known, so Brent need not evaluate it again */
  private lastValue = Number.NaN;
  private open: { from: number; to: number; givenUp: boolean } | null = null;

  constructor(
    private readonly root: (lo: number, hi: number, fLo: number, fHi: number) => number,
    private readonly signBefore: () => { s: number; sign: Sign } | null,
    private readonly range: { lo: number; hi: number },
  ) {}

  /** a point of certain sign; `value`, net GEX there, spares Brent an evaluation when known */
  certain(s: number, sign: Sign, value = Number.NaN): void {
    const open = this.open;
    if (open) {
      this.open = null;
      if (this.sign === 0) {
        const before = this.signBefore();
        if (before) {
          this.sign = before.sign;
          this.lastCertain = before.s;
          this.lastValue = Number.NaN;
        } else this.unresolved.push([open.from, open.to]);
      }
      if (open.givenUp) this.unresolved.push([open.from, open.to]);
      if (this.sign !== 0 && sign !== this.sign) this.flip(this.lastCertain, s, value);
      else if (this.sign !== 0 && !open.givenUp) this.touches.push(Math.sqrt(open.from * open.to));
    } else if (this.sign !== 0 && sign !== this.sign) this.flip(this.lastCertain, s, value);
    this.sign = sign;
    this.lastCertain = s;
    this.lastValue = value;
  }

  ambiguous(from: number, to: number, givenUp: boolean): void {
    if (this.open) {
      this.open.to = to;
      this.open.givenUp ||= givenUp;
    } else this.open = { from, to, givenUp };
  }

  /** A stretch still open at the range's end is closed by the sign beyond it. */
  finish(signAfter: () => { s: number; sign: Sign } | null): void {
    if (!this.open) return;
    const after = signAfter();
    if (after) this.certain(after.s, after.sign);
    else {
      this.unresolved.push([this.open.from, this.open.to]);
      this.open = null;
    }
  }

  private flip(lo: number, hi: number, fHi: number): void {
    const r = this.root(lo, hi, this.lastValue, fHi);
    this.flips.push(Math.min(this.range.hi, Math.max(this.range.lo, r)));
  }
}

/**
 * An upper bound of |G''(x)| over all x: term i of G has second derivative
 * w_i·(d1² − 1)·exp(−d1²/2)/(σ√t)² in x, at most |w_i|/(σ√t)² in size (at d1 = 0). Raised by 1e-6
 * for the rounding of the sum and of its use in monotoneByBend. No exp: one pass over two columns.
 */
export function bendBound(chain: Pick<ColumnarChain, 'n' | 'stdDev'>, w: Float64Array): number {
  let m = 0;
  for (let i = 0; i < chain.n; i++) {
    const wi = w[i]!;
    if (wi === 0) continue;
    const sd = chain.stdDev[i]!;
    m += Math.abs(wi) / (sd * sd);
  }
  return m * (1 + 1e-6);
}

/**
 * Whether G is strictly monotone on a cell of width hx in x, from its values at the ends, ga and gb,
 * each within `err` of G (the sweep's values), and `bend` ≥ |G''|: by the mean value theorem
 * G'(ξ) = (G(b) − G(a))/hx somewhere in the cell, and G' moves by at most bend·hx across it, so
 * |G(b) − G(a)| > bend·hx² keeps G' off zero. Both ends must be certain by twice their error, so
 * the exact scan, whose rounding slack is far below the sweep's, finds the same signs there; and
 * the exact scan's range of dG/dx, a sum of per-option ranges each at most |w_i|·hx/(σ√t)² wide,
 * excludes zero wherever this does (but for its own rounding slack, ~nε of the slope: a cell on that
 * edge would be settled here and split there). So a cell settled here is one the exact scan
 * settles alike, with the same calls to the walk; only the values Brent starts from are left for
 * it to evaluate, to the same bits.
 */
export function monotoneByBend(ga: number, gb: number, err: number, hx: number, bend: number): boolean {
  const ea = err + 4 * Number.EPSILON * Math.abs(ga); // and the division of net GEX by S
  const eb = err + 4 * Number.EPSILON * Math.abs(gb);
  if (!(Math.abs(ga) > 2 * ea && Math.abs(gb) > 2 * eb)) return false;
  return Math.abs(gb - ga) - ea - eb > bend * hx * hx;
}

function signOf(g: number, slack: number): Sign | 0 {
  return g > slack ? 1 : g < -slack ? -1 : 0;
}

/**
 * Certified gamma flips: every sign change of net GEX(S) over the grid's range, found as exact
 * roots, with a statement of what was shown.
 *
 * Net GEX is S·G(x) with x = ln S and G(x) = Σ_i w_i·exp(−d1_i(x)²/2), d1_i = (x + shift_i)/σ_i√t_i
 * (gexWeights), so its roots are those of G. On every cell [x_j, x_{j+1}] of the 1,000-point scan:
 *   1. The sweep that computes the profile also bounds G over each cell (profileCells.ts: each
 *      term is a Gaussian bump in x, monotone on a cell unless its peak is inside). A cell whose
 *      lower bound is above its rounding slack (or upper bound below minus it) holds no root.
 *      This settles almost every cell, for no exp beyond the profile's.
 *   2. A cell left over whose ends the sweep's values put far from zero is settled by the bend
 *      test (monotoneByBend): with |G''| ≤ bendBound, a rise |G(b) − G(a)| > bend·h² between the
 *      ends keeps G' off zero, so G is monotone there, as step 3 would find it. On SPX these are
 *      the flip's cell and its neighbours, which then cost no pass over the options beyond Brent's.
 *   3. A cell left over still is scanned exactly, option by option (exactCell.ts): G at its ends, the
 *      range of G over it, and the range of dG/dx over it. If the range of G excludes 0, there is
 *      no root. If the range of dG/dx excludes 0, G is strictly monotone there: a sign change
 *      between the ends is exactly one root, refined by Brent on the exact function (1e-12
 *      relative), and no sign change is no root.
 *   4. Otherwise neither a root pair nor a root can be excluded, and the cell is bisected in x,
 *      down to FLIP_RESOLUTION. A cell that narrow whose ends differ in sign holds an odd number of
 *      roots within 1e-9 of each other: one flip at the reported precision. Whose ends agree, G
 *      comes within rounding of zero without a sign change there: a touch (a double root).
 * A flip is a sign change; a touch is not a flip, and is reported as a touch. Values within the
 * rounding slack of zero count as zero, so a double root is never split into two flips by
 * rounding noise: the stretch is closed by the certain signs on either side of it. A zero within
 * rounding at a range edge is classified by the sign just beyond the edge. Past `maxSplits`
 * bisections the search stops splitting: a sign change still found is a flip, but the stretches
 * left are named in `reason` and `certified` is false.
 */
export function certifiedGammaFlips(
  chain: ColumnarChain,
  w: Float64Array,
  grid: ProfileGrid,
  options: FlipSearchOptions = {},
): CertifiedFlips {
  const maxSplits = options.maxSplits ?? DEFAULT_MAX_SPLITS;
  const { profile, lower, upper, slack } = options.cells ?? profileWithCells(chain, w, grid);
  const spots = profile.spots;
  const cells = spots.length - 1;
  const f = (s: number) => netGexAt(chain, w, s);
  let live = false;
  for (let i = 0; i < chain.n && !live; i++) live = w[i] !== 0;
  if (!live) return { profile, flips: [], search: { certified: true, cells, splitCells: 0, touches: [] } };

  // the bend test needs G at the grid points: the sweep's values, to within the cell slack, which
  // covers the recurrence's rounding (points²·ε) but not the sum over n options (n·ε)
  const bend = options.exactCells ? undefined : bendBound(chain, w);
  const endError = 1 + (chain.n + 4) / (spots.length * spots.length + 64);
  const scan = emptyCellScan();
  const lo = spots[0]!;
  const hi = spots[cells]!;
  /** the first point of certain sign beyond an edge, stepping out by doubling distances */
  const beyond = (edge: number, dir: 1 | -1) => {
    const point = emptyCellScan(); // its own: the walk may ask while a cell's scan is being read
    for (let step = FLIP_RESOLUTION; step < 1; step *= 2) {
      const s = edge * Math.exp(dir * step);
      scanCell(chain, w, s, s, point);
      const sign = signOf(point.ga, point.slack);
      if (sign !== 0) return { s, sign };
    }
    return null;
  };
  const walk = new SignWalk(
    (a, b, fa, fb) => {
      const known = (v: number) => (Number.isNaN(v) ? undefined : v);
      const r = brentRoot(f, a, b, { relTol: FLIP_REL_TOL, fLo: known(fa) ?? f(a), fHi: known(fb) ?? f(b) });
      return Number.isFinite(r) ? r : Math.sqrt(a * b);
    },
    () => beyond(lo, -1),
    { lo, hi },
  );
  let splits = 0;
  const stack: number[] = [];
  for (let j = 0; j < cells; j++) {
    const sa = spots[j]!;
    const sb = spots[j + 1]!;
    if (lower[j]! > slack[j]!) {
      walk.certain(sa, 1);
      walk.certain(sb, 1);
      continue;
    }
    if (upper[j]! < -slack[j]!) {
      walk.certain(sa, -1);
      walk.certain(sb, -1);
      continue;
    }
    if (bend !== undefined) {
      const ga = profile.netGex[j]! / sa;
      const gb = profile.netGex[j + 1]! / sb;
      if (monotoneByBend(ga, gb, endError * slack[j]!, Math.log(sb) - Math.log(sa), bend)) {
        walk.certain(sa, ga > 0 ? 1 : -1);
        walk.certain(sb, gb > 0 ? 1 : -1);
        continue;
      }
    }
    stack.push(sa, sb);
    while (stack.length > 0) {
      const b = stack.pop()!;
      const a = stack.pop()!;
      splits += resolveCell(chain, w, a, b, scan, walk, stack, splits < maxSplits);
    }
  }
  walk.finish(() => beyond(hi, 1));
  const base = { cells, splitCells: splits, touches: walk.touches };
  if (walk.unresolved.length === 0) return { profile, flips: walk.flips, search: { certified: true, ...base } };
  const where = walk.unresolved.map(([a, b]) => `${a.toPrecision(8)}–${b.toPrecision(8)}`).join(', ');
  const reason =
    splits >= maxSplits
      ? `gave up after ${maxSplits} bisections: a pair of flips is not excluded in S ${where}`
      : `net GEX is within rounding of zero at the range's edge (S ${where}) and no sign is certain beyond it`;
  return { profile, flips: walk.flips, search: { certified: false, ...base, reason } };
}

/**
 * Step 3 and 4 of the search on one cell [a, b]: tells the walk what the cell shows, or pushes its
 * halves (right first, so cells leave the stack in ascending order). Returns the bisections made.
 */
function resolveCell(
  chain: ColumnarChain,
  w: Float64Array,
  a: number,
  b: number,
  scan: CellScan,
  walk: SignWalk,
  stack: number[],
  maySplit: boolean,
): number {
  scanCell(chain, w, a, b, scan);
  const { slack } = scan;
  const fa = a * scan.ga; // net GEX at the ends
  const fb = b * scan.gb;
  if (scan.lo > slack || scan.hi < -slack) {
    const sign: Sign = scan.lo > slack ? 1 : -1;
    walk.certain(a, sign);
    walk.certain(b, sign);
    return 0;
  }
  const sa = signOf(scan.ga, slack);
  const sb = signOf(scan.gb, slack);
  const monotone = scan.dLo > scan.dSlack || scan.dHi < -scan.dSlack;
  const xa = Math.log(a);
  const xb = Math.log(b);
  const narrow = xb - xa <= FLIP_RESOLUTION;
  if (monotone) {
    // at most one root, and a zero within rounding at an end is that end
    if (sa === 0) walk.ambiguous(a, a, false);
    else walk.certain(a, sa, fa);
    if (sb === 0) walk.ambiguous(b, b, false);
    else walk.certain(b, sb, fb);
    return 0;
  }
  if (narrow || !maySplit) {
    if (sa !== 0) walk.certain(a, sa, fa);
    // Narrow, certain ends of opposite sign hold an odd number of roots within the resolution: one
    // flip. Anything else may hide a zero; a cell given up may hide a pair either way.
    if (!narrow || !(sa !== 0 && sb !== 0 && sa !== sb)) walk.ambiguous(a, b, !narrow);
    if (sb !== 0) walk.certain(b, sb, fb);
    return 0;
  }
  const m = Math.exp(0.5 * (xa + xb));
  stack.push(m, b, a, m);
  return 1;
}
