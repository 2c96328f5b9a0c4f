import type { ColumnarChain } from '../chain/columnar.js';
import { MS_PER_YEAR, yearsBetween } from '../chain/types.js';
import { gexWeights } from './gexWeights.js';
import { logGrid, type ProfileGrid, TAIL_CUTOFF, walk } from './profile.js';
import { GROUP_SLOTS, SimdWalk } from './simdWalk.js';

const MS_PER_DAY = 86_400_000;

export interface SurfaceSpec {
  /** the hypothetical spots: log-spaced from lo to hi */
  readonly spots: ProfileGrid;
  /** calendar days after asOf (24 h each, fractions allowed), ascending or not; 0 is today's map */
  readonly days: readonly number[];
}

/** Net GEX over hypothetical spots and later dates: the "map tomorrow / next week" view. */
export interface GexSurface {
  readonly spots: Float64Array;
  readonly days: readonly number[];
  /** netGex[k][j]: USD per 1 % move at spots[j], days[k] calendar days after asOf */
  readonly netGex: Float64Array[];
}

/**
 * The options that carry a weight, latest expiry first (so the options alive at a later date are
 * a prefix), with what stays fixed from day to day: σ, the log-moneyness offset x0 + ln(F/K) at
 * grid point 0, the weight and ln|weight| (for the tail cut without a log per option and day).
 */
interface SortedOptions {
  readonly n: number;
  readonly expiry: Int32Array;
  readonly iv: Float64Array;
  readonly offset: Float64Array;
  readonly weight: Float64Array;
  readonly lnAbsWeight: Float64Array;
  /** Σ|w| of each expiry's options */
  readonly absWeightOf: Float64Array;
}

function sortByExpiry(chain: ColumnarChain, w: Float64Array, x0: number): SortedOptions {
  const order: number[] = [];
  for (let i = 0; i < chain.n; i++) if (w[i] !== 0) order.push(i);
  order.sort((a, b) => chain.expiryIndex[b]! - chain.expiryIndex[a]! || a - b);
  const n = order.length;
  const s = {
    n,
    expiry: new Int32Array(n),
    iv: new Float64Array(n),
    offset: new Float64Array(n),
    weight: new Float64Array(n),
    lnAbsWeight: new Float64Array(n),
    absWeightOf: new Float64Array(chain.expiries.length),
  };
  for (let k = 0; k < n; k++) {
    const i = order[k]!;
    const sd0 = chain.stdDev[i]!;
    const e = chain.expiryIndex[i]!;
    s.expiry[k] = e;
    s.iv[k] = chain.iv[i]!;
    s.offset[k] = x0 + chain.d1Shift[i]! - 0.5 * sd0 * sd0;
    s.weight[k] = w[i]!;
    s.lnAbsWeight[k] = Math.log(Math.abs(w[i]!));
    s.absWeightOf[e]! += Math.abs(w[i]!);
  }
  return s;
}

/**
 * Options whose d1 steps by less than this per grid point are walked from the grid's first point:
 * with |d1| ≤ dCut ≈ 10 over the grid, the first ratio exp(−d1·δ − δ²/2) stays below e^50.
 */
const WHOLE_GRID_MAX_DELTA = 5;

/** The SIMD kernel of the whole-grid walks, made on first use; null where the runtime has none. */
let simd: SimdWalk | null | undefined;
function simdWalk(): SimdWalk | null {
  if (simd === undefined) simd = SimdWalk.create() ?? null;
  return simd;
}

/**
 * Adds the walks of `count` options live over the whole grid, each from grid point 0 up
 * (t_{j+1} = t_j·r_j, r_{j+1} = r_j·c), four options per pass so one load and store of the
 * accumulator serves four terms and four independent chains of multiplications are in flight.
 */
function walkWhole(acc: Float64Array, count: number, t: Float64Array, r: Float64Array, c: Float64Array): void {
  const points = acc.length;
  let k = 0;
  for (; k + 4 <= count; k += 4) {
    let t1 = t[k]!;
    let t2 = t[k + 1]!;
    let t3 = t[k + 2]!;
    let t4 = t[k + 3]!;
    let r1 = r[k]!;
    let r2 = r[k + 1]!;
    let r3 = r[k + 2]!;
    let r4 = r[k + 3]!;
    const c1 = c[k]!;
    const c2 = c[k + 1]!;
    const c3 = c[k + 2]!;
    const c4 = c[k + 3]!;
    for (let j = 0; j < points; j++) {
      acc[j]! += t1 + t2 + (t3 + t4);
      t1 *= r1;
      t2 *= r2;
      t3 *= r3;
      t4 *= r4;
      r1 *= c1;
      r2 *= c2;
      r3 *= c3;
      r4 *= c4;
    }
  }
  for (; k < count; k++) {
    acc[0]! += t[k]!;
    walk(acc, 0, 1, points - 1, t[k]!, r[k]!, c[k]!);
  }
}

/** A day's whole-grid walks, collected option by option and then walked together into the row. */
interface WholeWalks {
  /** the k-th option's walk: first term weight·e^{lnT}, first ratio e^{lnR}, ratio step e^{lnC} */
  put(k: number, weight: number, lnT: number, lnR: number, lnC: number): void;
  run(acc: Float64Array, count: number): void;
}

/** The walks by the SIMD kernel where there is one (eight options a pass, its own exps), else by walkWhole. */
function wholeWalks(points: number, n: number, kernel: SimdWalk | null): WholeWalks {
  if (kernel) {
    const { view, groupsAt } = kernel.slots(points, n);
    return {
      put(k, weight, lnT, lnR, lnC) {
        const at = groupsAt + GROUP_SLOTS * (k >> 3) + (k & 7);
        view[at] = lnT;
        view[at + 8] = lnR;
        view[at + 16] = lnC;
        view[at + 24] = weight;
      },
      run: (acc, count) => kernel.run(acc, count),
    };
  }
  const t = new Float64Array(n);
  const r = new Float64Array(n);
  const c = new Float64Array(n);
  return {
    put(k, weight, lnT, lnR, lnC) {
      t[k] = weight * Math.exp(lnT);
      r[k] = Math.exp(lnR);
      c[k] = Math.exp(lnC);
    },
    run: (acc, count) => walkWhole(acc, count, t, r, c),
  };
}

/** How the surface is swept: `scalar` walks without the SIMD kernel (the fallback, tested beside it). */
export interface SurfaceSweep {
  readonly scalar?: boolean;
}

/**
 * Net GEX at each spot of `spots` and each date asOf + days[k]·24 h: time to expiry shortened by
 * the days (t' = t − days/365), options expired by then dropped (t' ≤ 0), every implied vol and
 * forward held as quoted (sticky strike, F_i/S unchanged), positions unchanged. `w` are the
 * weights at asOf (gexWeights). GEX_i = S·w_i·exp(−d1_i²/2) and w_i ∝ D_i/(σ_i√t_i) for both
 * models, so at t' each weight becomes w_i·(D_i'/D_i)·√(t_i/t_i') with D' = exp(−r·t'), and
 * d1_i = (ln S + ln(F_i/K_i) + σ_i²t_i'/2)/σ_i√t_i'.
 *
 * The profile's sweep (profile.ts), specialised to many dates: the options are sorted by expiry
 * once, so each day reads the prefix still alive; √t', the weight factor and its log once per
 * expiry and day; per option and day only σ√t', d1 at grid point 0, the live span and the three
 * exps that start the walk at the option's peak; then the walk over the spots into the day's row,
 * with no allocation but the row. The options live over the whole grid (most of a long-dated
 * chain) are walked together, eight a pass by the SIMD kernel (simdWalk.ts) where the runtime has
 * WebAssembly SIMD, else four a pass by walkWhole.
 */
export function gexSurface(
  chain: ColumnarChain,
  w: Float64Array,
  spec: SurfaceSpec,
  opts: SurfaceSweep = {},
): GexSurface {
  const spots = logGrid(spec.spots);
  const points = spots.length;
  const last = points - 1;
  const h = Math.log(spec.spots.hi / spec.spots.lo) / last;
  const x0 = Math.log(spec.spots.lo);
  const o = sortByExpiry(chain, w, x0);
  const rate = chain.model.rate;
  const m = chain.expiries.length;
  const years = new Float64Array(m);
  for (let e = 0; e < m; e++) years[e] = yearsBetween(chain.asOf, chain.expiries[e]!);
  const rootLater = new Float64Array(m);
  const factor = new Float64Array(m);
  const lnFactor = new Float64Array(m);
  const netGex: Float64Array[] = [];
  const whole = wholeWalks(points, o.n, opts.scalar === true ? null : simdWalk());
  for (const day of spec.days) {
    if (!(day >= 0 && Number.isFinite(day))) throw new RangeError(`surface day (${day}) must be a finite number >= 0`);
    const shift = (day * MS_PER_DAY) / MS_PER_YEAR;
    const growth = Math.exp(rate * shift);
    let absWeight = 0;
    for (let e = 0; e < m; e++) {
      const t = years[e]!;
      const tLater = t - shift;
      if (!(tLater > 0)) continue;
      rootLater[e] = Math.sqrt(tLater);
      factor[e] = growth * Math.sqrt(t / tLater);
      lnFactor[e] = Math.log(factor[e]!);
      absWeight += o.absWeightOf[e]! * factor[e]!;
    }
    const acc = new Float64Array(points);
    netGex.push(acc);
    let alive = 0;
    while (alive < o.n && years[o.expiry[alive]!]! - shift > 0) alive++;
    const lnFloor = Math.log(TAIL_CUTOFF * absWeight);
    let wholeCount = 0;
    for (let k = 0; k < alive; k++) {
      const e = o.expiry[k]!;
      const lnCut = lnFloor - o.lnAbsWeight[k]! - lnFactor[e]!;
      if (lnCut >= 0) continue; // |w'| itself below the floor
      // the term is negligible where |d1| > dCut; d1 is linear in j, so the live span is an index interval
      const dCut = Math.sqrt(-2 * lnCut);
      const sd = o.iv[k]! * rootLater[e]!;
      const perD = sd / h;
      const delta = h / sd;
      const d0 = (o.offset[k]! + 0.5 * sd * sd) / sd;
      const jLo = Math.max(0, Math.ceil((-dCut - d0) * perD));
      const jHi = Math.min(last, Math.floor((dCut - d0) * perD));
      if (jLo > jHi) continue;
      if (jLo === 0 && jHi === last && delta < WHOLE_GRID_MAX_DELTA) {
        // live over the whole grid: walked from spot 0 up with the others, after this loop
        whole.put(
          wholeCount++,
          o.weight[k]! * factor[e]!,
          -0.5 * d0 * d0,
          -d0 * delta - 0.5 * delta * delta,
          -delta * delta,
        );
        continue;
      }
      let peak = Math.round(-d0 * perD);
      if (peak < jLo) peak = jLo;
      else if (peak > jHi) peak = jHi;
      const dp = d0 + peak * delta;
      const tp = o.weight[k]! * factor[e]! * Math.exp(-0.5 * dp * dp);
      acc[peak]! += tp;
      const c = Math.exp(-delta * delta);
      const rUp = Math.exp(-dp * delta - 0.5 * delta * delta);
      const rDown = rUp > 1e-300 && rUp < 1e300 ? c / rUp : Math.exp(dp * delta - 0.5 * delta * delta);
      if (jHi > peak) {
        const t1 = tp * rUp;
        acc[peak + 1]! += t1;
        walk(acc, peak + 1, 1, jHi - peak - 1, t1, rUp * c, c);
      }
      if (peak > jLo) {
        const t1 = tp * rDown;
        acc[peak - 1]! += t1;
        walk(acc, peak - 1, -1, peak - 1 - jLo, t1, rDown * c, c);
      }
    }
    whole.run(acc, wholeCount);
    for (let j = 0; j < points; j++) acc[j]! *= spots[j]!;
  }
  return { spots, days: [...spec.days], netGex };
}

/** Bounds of a requested surface: a year of days, and spots well past any chart's width. */
export const MAX_SURFACE_DAYS = 366;
export const MAX_SURFACE_SPOTS = 2000;
export const DEFAULT_SURFACE_SPOTS = 200;

/** A surface as a report asks for it: `days` = the last day (rows for days 0, 1, …, days), `spots` points. */
export interface SurfaceRequest {
  readonly days: number;
  readonly spots: number;
}

/** The surface in a report's JSON, with its units stated. */
export interface SurfaceRows {
  readonly spots: number[];
  readonly days: number[];
  /** netGex[k][j] at spots[j], days[k] after asOf */
  readonly netGex: number[][];
  readonly units: string;
}

export const SURFACE_UNITS =
  'netGex[day][spot]: USD of dealer delta change per 1 % move; days: calendar days of 24 h after asOf (t shortened by days/365, options expired by then dropped, vols, forwards and positions held); spots: log-spaced over the report range';

/** The report's surface: dealer positions `q`, spots over [lo, hi], days 0 to `request.days`. */
export function surfaceRows(
  chain: ColumnarChain,
  q: Float64Array,
  range: { lo: number; hi: number },
  request: SurfaceRequest,
): SurfaceRows {
  const days = Array.from({ length: request.days + 1 }, (_, k) => k);
  const s = gexSurface(chain, gexWeights(chain, q), { spots: { ...range, points: request.spots }, days });
  return { spots: Array.from(s.spots), days, netGex: s.netGex.map((row) => Array.from(row)), units: SURFACE_UNITS };
}
