import type { PriceSeries } from '../../sources/prices/types.js';
import { closeToCloseAt, type StudySession } from './sessions.js';

export const HAR_RULE =
  'OLS of the next session’s close-to-close vol on an intercept, daily = a(j−1), weekly = mean a(j−5 … j−1), monthly = mean a(j−22 … j−1) and a −GEX dummy (1 when the stored regime is negative), a(k) = |ln(C_k / C_k−1)| × √252 of session k and j the next session; a session counts only when all 22 previous a(k) and its own exist; Newey–West HAC standard errors, Bartlett weights, lag floor(4 (n/100)^(2/9)), no small-sample correction';

export interface HarTerms {
  readonly daily: number;
  readonly weekly: number;
  readonly monthly: number;
}

/** The close-to-close vol of every bar, NaN for a bar without a previous close: computed once per study. */
export function closeToCloseSeries(prices: PriceSeries): Float64Array {
  return Float64Array.from(prices.bars, (_, i) => closeToCloseAt(prices, i) ?? Number.NaN);
}

/** The HAR terms before bar `j` of `a` (closeToCloseSeries), or null when any of the 22 previous sessions has none. */
export function harTerms(a: Float64Array, j: number): HarTerms | null {
  if (j < 22) return null;
  let weekly = 0;
  let monthly = 0;
  for (let k = 1; k <= 22; k++) {
    const ak = a[j - k] as number;
    if (Number.isNaN(ak)) return null;
    if (k <= 5) weekly += ak;
    monthly += ak;
  }
  return { daily: a[j - 1] as number, weekly: weekly / 5, monthly: monthly / 22 };
}

/** Solves A x = b for a small symmetric positive system, returning A⁻¹ too; null when A is singular. */
export function solveWithInverse(
  a: Float64Array[],
  b: Float64Array,
): { x: Float64Array; inverse: Float64Array[] } | null {
  const k = b.length;
  const m: Float64Array[] = a.map((row, i) => {
    const r = new Float64Array(2 * k + 1);
    r.set(row);
    r[k + i] = 1;
    r[2 * k] = b[i] as number;
    return r;
  });
  const scale = Math.max(...a.map((row, i) => Math.abs(row[i] as number)), 1e-300);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++)
      if (Math.abs((m[r] as Float64Array)[c] as number) > Math.abs((m[p] as Float64Array)[c] as number)) p = r;
    if (Math.abs((m[p] as Float64Array)[c] as number) <= 1e-12 * scale) return null;
    const pivotRow = m[p] as Float64Array;
    m[p] = m[c] as Float64Array;
    m[c] = pivotRow;
    const pivot = pivotRow[c] as number;
    for (let j = 0; j < pivotRow.length; j++) pivotRow[j] = (pivotRow[j] as number) / pivot;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const row = m[r] as Float64Array;
      const f = row[c] as number;
      if (f === 0) continue;
      for (let j = 0; j < row.length; j++) row[j] = (row[j] as number) - f * (pivotRow[j] as number);
    }
  }
  return {
    x: Float64Array.from(m, (r) => r[2 * k] as number),
    inverse: m.map((r) => r.slice(k, 2 * k)),
  };
}

/** Newey–West lag: floor(4 (n/100)^(2/9)). */
export const neweyWestLag = (n: number) => Math.floor(4 * (n / 100) ** (2 / 9));

export interface OlsHac {
  readonly n: number;
  readonly lag: number;
  readonly coefficients: Float64Array;
  readonly hacSe: Float64Array;
}

/**
 * OLS of y on the rows of x (each row the regressors of one observation, in time order) with
 * Newey–West HAC standard errors at `lag` (Bartlett weights 1 − l/(lag + 1)); null when X′X is singular.
 */
export function olsHac(x: readonly Float64Array[], y: Float64Array, lag = neweyWestLag(y.length)): OlsHac | null {
  const n = y.length;
  const k = x[0]?.length ?? 0;
  if (n <= k || k === 0) return null;
  const xtx = Array.from({ length: k }, () => new Float64Array(k));
  const xty = new Float64Array(k);
  for (let t = 0; t < n; t++) {
    const row = x[t] as Float64Array;
    for (let i = 0; i < k; i++) {
      xty[i] = (xty[i] as number) + (row[i] as number) * (y[t] as number);
      const xi = xtx[i] as Float64Array;
      for (let j = 0; j < k; j++) xi[j] = (xi[j] as number) + (row[i] as number) * (row[j] as number);
    }
  }
  const solved = solveWithInverse(xtx, xty);
  if (solved === null) return null;
  const beta = solved.x;
  const e = Float64Array.from(y, (yt, t) => {
    const row = x[t] as Float64Array;
    let fit = 0;
    for (let i = 0; i < k; i++) fit += (row[i] as number) * (beta[i] as number);
    return yt - fit;
  });
  // S = Σ_l w_l Σ_t e_t e_{t−l} (x_t x_{t−l}′ + x_{t−l} x_t′), the l = 0 term counted once
  const s = Array.from({ length: k }, () => new Float64Array(k));
  for (let l = 0; l <= Math.min(lag, n - 1); l++) {
    const w = l === 0 ? 1 : 1 - l / (lag + 1);
    for (let t = l; t < n; t++) {
      const a = x[t] as Float64Array;
      const b = x[t - l] as Float64Array;
      const ee = w * (e[t] as number) * (e[t - l] as number);
      for (let i = 0; i < k; i++) {
        const si = s[i] as Float64Array;
        for (let j = 0; j < k; j++) {
          const cross = (a[i] as number) * (b[j] as number) + (l === 0 ? 0 : (b[i] as number) * (a[j] as number));
          si[j] = (si[j] as number) + ee * cross;
        }
      }
    }
  }
  // V = (X′X)⁻¹ S (X′X)⁻¹
  const inv = solved.inverse;
  const mul = (p: Float64Array[], q: Float64Array[]) =>
    p.map((row) =>
      Float64Array.from({ length: k }, (_, j) => {
        let sum = 0;
        for (let i = 0; i < k; i++) sum += (row[i] as number) * ((q[i] as Float64Array)[j] as number);
        return sum;
      }),
    );
  const v = mul(mul(inv, s), inv);
  return {
    n,
    lag,
    coefficients: beta,
    hacSe: Float64Array.from({ length: k }, (_, i) => Math.sqrt(Math.max(0, (v[i] as Float64Array)[i] as number))),
  };
}

export interface HarControl {
  readonly n: number;
  /** sessions left out: no next-session close-to-close vol, or fewer than 22 previous ones */
  readonly excluded: number;
  readonly lag: number | null;
  /** the −GEX dummy's coefficient (vol, decimal) and its HAC standard error; null when it cannot be estimated */
  readonly negativeGex: { readonly coefficient: number; readonly hacSe: number; readonly t: number } | null;
  readonly coefficients: {
    readonly intercept: number;
    readonly daily: number;
    readonly weekly: number;
    readonly monthly: number;
  } | null;
  /** why there is no estimate */
  readonly reason?: string;
}

/** The HAR control regression over the sessions (in asOf order; see HAR_RULE). */
export function harControl(sessions: readonly StudySession[], prices: PriceSeries): HarControl {
  const x: Float64Array[] = [];
  const y: number[] = [];
  const a = closeToCloseSeries(prices);
  for (const s of sessions) {
    if (s.rvCloseToClose === null) continue;
    const terms = harTerms(a, s.barIndex);
    if (terms === null) continue;
    x.push(Float64Array.of(1, terms.daily, terms.weekly, terms.monthly, s.regime === 'negative' ? 1 : 0));
    y.push(s.rvCloseToClose);
  }
  const excluded = sessions.length - y.length;
  const none = (reason: string): HarControl => ({
    n: y.length,
    excluded,
    lag: null,
    negativeGex: null,
    coefficients: null,
    reason,
  });
  if (y.length <= 5) return none(`${y.length} sessions for 5 coefficients`);
  const negatives = x.filter((r) => r[4] === 1).length;
  if (negatives === 0 || negatives === x.length) return none('the sessions are all of one regime');
  const fit = olsHac(x, Float64Array.from(y));
  if (fit === null) return none('the regressors are collinear');
  const c = fit.coefficients;
  const se = fit.hacSe[4] as number;
  return {
    n: fit.n,
    excluded,
    lag: fit.lag,
    negativeGex: { coefficient: c[4] as number, hacSe: se, t: (c[4] as number) / se },
    coefficients: { intercept: c[0] as number, daily: c[1] as number, weekly: c[2] as number, monthly: c[3] as number },
  };
}
