import type { ColumnarChain } from '../chain/columnar.js';
import { MS_PER_YEAR, yearsBetween } from '../chain/types.js';
import { gexWeights } from './gexWeights.js';
import { logGrid, type ProfileGrid, type SweepTargets, sweepProfile } from './profile.js';

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
 * Net GEX at each spot of `spots` and each date asOf + days[k]·24 h: time to expiry shortened by
 * the days (t' = t − days/365), options expired by then dropped (t' ≤ 0), every implied vol and
 * forward held as quoted (sticky strike, F_i/S unchanged), positions unchanged. `w` are the
 * weights at asOf (gexWeights). GEX_i = S·w_i·exp(−d1_i²/2) and w_i ∝ D_i/(σ_i√t_i) for both
 * models, so at t' each weight becomes w_i·(D_i'/D_i)·√(t_i/t_i') with D' = exp(−r·t'), and
 * d1_i = (ln S + ln(F_i/K_i·S/S) + σ_i²t_i'/2)/σ_i√t_i'. Per day the new σ√t, shift and weight are
 * computed once per option and the spots swept by the profile's recurrence.
 */
export function gexSurface(chain: ColumnarChain, w: Float64Array, spec: SurfaceSpec): GexSurface {
  const spots = logGrid(spec.spots);
  const n = chain.n;
  const stdDev = new Float64Array(n);
  const d1Shift = new Float64Array(n);
  const weight = new Float64Array(n);
  // the chain's own shape with the later columns: one hidden class for the sweep, which stays fast
  const later = { ...chain, stdDev, d1Shift };
  const rate = chain.model.rate;
  const m = chain.expiries.length;
  // √t' and the weight factor depend on the expiry alone: once per expiry and day
  const rootLater = new Float64Array(m);
  const factor = new Float64Array(m);
  const netGex: Float64Array[] = [];
  for (const day of spec.days) {
    if (!(day >= 0 && Number.isFinite(day))) throw new RangeError(`surface day (${day}) must be a finite number >= 0`);
    const shift = (day * MS_PER_DAY) / MS_PER_YEAR;
    const growth = Math.exp(rate * shift);
    for (let e = 0; e < m; e++) {
      const t = yearsBetween(chain.asOf, chain.expiries[e]!);
      const tLater = t - shift;
      rootLater[e] = tLater > 0 ? Math.sqrt(tLater) : 0;
      factor[e] = tLater > 0 ? growth * Math.sqrt(t / tLater) : 0;
    }
    for (let i = 0; i < n; i++) {
      const e = chain.expiryIndex[i]!;
      const f = factor[e]!;
      if (f === 0) {
        weight[i] = 0; // expired by then
        continue;
      }
      const sd = chain.iv[i]! * rootLater[e]!;
      const sd0 = chain.stdDev[i]!;
      stdDev[i] = sd;
      d1Shift[i] = chain.d1Shift[i]! - 0.5 * sd0 * sd0 + 0.5 * sd * sd;
      weight[i] = w[i]! * f;
    }
    const acc = new Float64Array(spots.length);
    const all: SweepTargets = { peak: acc, firstUp: acc, up: acc, firstDown: acc, down: acc };
    sweepProfile(later, weight, spec.spots, () => all);
    for (let j = 0; j < spots.length; j++) acc[j]! *= spots[j]!;
    netGex.push(acc);
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
