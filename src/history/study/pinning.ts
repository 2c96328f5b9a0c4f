import type { ChainSnapshot, OptionQuote } from '../../chain/types.js';
import { DEFAULT_TIME_ZONE } from '../../sources/prices/mapping.js';
import { localDate } from '../../sources/prices/session.js';
import type { ExpiryPin, SnapshotPins } from '../../store/types.js';
import type { StudySession } from './sessions.js';

export const PINNING_RULE =
  'for each snapshot, the expiries of its stored chain dated (in the prices’ zone) on the next session’s date make it an expiry day; other days take the first expiry date after it. Over the stored options of those expiries together: the strike of largest call + put open interest (ties: nearest to spot) and max pain (the listed strike minimising the intrinsic value paid to holders, OI × multiplier, as in the GEX report); distance = |next session close − strike| / spot in %, spot the snapshot’s. Open interest is as of the snapshot (for CBOE files, the previous close)';

export interface PinDistance {
  readonly asOf: number;
  readonly nextSession: string;
  readonly expiryDay: boolean;
  /** date of the expiries used */
  readonly expiryDate: string;
  readonly largestOiStrike: number;
  readonly maxPain: number;
  /** |close − strike| / spot in % */
  readonly toLargestOiPct: number;
  readonly toMaxPainPct: number;
}

/** What holders are paid at settlement `p`: Σ intrinsic × OI × multiplier, summed in option order. */
function payoutAt(options: readonly OptionQuote[], p: number): number {
  let payout = 0;
  for (const o of options) {
    const intrinsic = o.type === 'C' ? p - o.strike : o.strike - p;
    if (intrinsic > 0) payout += intrinsic * o.openInterest * o.multiplier;
  }
  return payout;
}

/**
 * Max pain: the first of the ascending `strikes` with the least payoutAt. A sweep over the strikes
 * with running sums gives every payout in O(n + m); its rounding differs from the option-order sum
 * by far less than `tol`, so only the strikes within `tol` of its least payout (the least one, or
 * near-ties) are summed option by option, and the answer is the one the direct sum gives, without
 * the O(strikes × options) cost of summing every strike that way. With whole numbers throughout
 * (below 2^53) both sums are exact and the sweep answers alone.
 */
function maxPainOf(options: readonly OptionQuote[], strikes: readonly number[]): number {
  const m = strikes.length;
  const at = new Map<number, number>();
  for (let j = 0; j < m; j++) at.set(strikes[j] as number, j);
  const callW = new Float64Array(m);
  const callKW = new Float64Array(m);
  const putW = new Float64Array(m);
  const putKW = new Float64Array(m);
  const top = Math.max(Math.abs(strikes[0] as number), Math.abs(strikes[m - 1] as number));
  let scale = 0;
  let integral = true;
  for (const o of options) {
    integral &&= Number.isInteger(o.strike) && Number.isInteger(o.openInterest) && Number.isInteger(o.multiplier);
    const j = at.get(o.strike) as number;
    const w = o.openInterest * o.multiplier;
    if (o.type === 'C') {
      callW[j] = (callW[j] as number) + w;
      callKW[j] = (callKW[j] as number) + o.strike * w;
    } else {
      putW[j] = (putW[j] as number) + w;
      putKW[j] = (putKW[j] as number) + o.strike * w;
    }
    scale += Math.abs(w) * (top + Math.abs(o.strike));
  }
  // payout(p_j) = p_j·Σ_{i<j} callW − Σ_{i<j} callKW + Σ_{i>j} putKW − p_j·Σ_{i>j} putW
  let putWAbove = 0;
  let putKWAbove = 0;
  for (let j = 0; j < m; j++) {
    putWAbove += putW[j] as number;
    putKWAbove += putKW[j] as number;
  }
  const swept = new Float64Array(m);
  let callWBelow = 0;
  let callKWBelow = 0;
  let least = Number.POSITIVE_INFINITY;
  for (let j = 0; j < m; j++) {
    const p = strikes[j] as number;
    putWAbove -= putW[j] as number;
    putKWAbove -= putKW[j] as number;
    const v = p * callWBelow - callKWBelow + putKWAbove - p * putWAbove;
    swept[j] = v;
    if (v < least) least = v;
    callWBelow += callW[j] as number;
    callKWBelow += callKW[j] as number;
  }
  // whole strikes, open interest and multipliers below 2^53 in sum: both ways of summing are exact
  const exact = integral && scale <= Number.MAX_SAFE_INTEGER;
  if (exact) return strikes[swept.indexOf(least)] as number;
  const tol = Math.max(1e-9, 16 * (options.length + m) * Number.EPSILON) * scale;
  let maxPain = Number.NaN;
  let best = Number.POSITIVE_INFINITY;
  for (let j = 0; j < m; j++) {
    if (!((swept[j] as number) <= least + tol)) continue;
    const payout = payoutAt(options, strikes[j] as number);
    if (payout < best) {
      best = payout;
      maxPain = strikes[j] as number;
    }
  }
  return maxPain;
}

/** Strike of largest call + put OI (ties: nearest to spot) and max pain over the options. */
export function pinLevels(
  options: readonly OptionQuote[],
  spot: number,
): { largestOi: number; maxPain: number } | null {
  const oi = new Map<number, number>();
  for (const o of options) oi.set(o.strike, (oi.get(o.strike) ?? 0) + o.openInterest);
  const strikes = [...oi.keys()].sort((a, b) => a - b);
  if (strikes.length === 0) return null;
  let largestOi = strikes[0] as number;
  for (const k of strikes) {
    const better = (oi.get(k) as number) - (oi.get(largestOi) as number);
    if (better > 0 || (better === 0 && Math.abs(k - spot) < Math.abs(largestOi - spot))) largestOi = k;
  }
  const maxPain = maxPainOf(options, strikes);
  return { largestOi, maxPain };
}

/**
 * The zone the writers (import, recorder) date a snapshot's expiries in for its stored pins: the
 * prices' default zone. A study whose prices are in another zone computes the pins from the rows.
 */
export const PINS_TIME_ZONE = DEFAULT_TIME_ZONE;

/**
 * The pin levels of every expiry date of a chain (its expiries grouped by date in `zone`, each
 * group's options in chain order), in date order: what pinning reads of the first date on or after
 * a session, whichever session that is, so that a study reads them stored, never the option rows.
 */
export function expiryPins(chain: Pick<ChainSnapshot, 'options' | 'spot'>, zone: string): SnapshotPins {
  const dateOf = new Map<number, string>();
  const byDate = new Map<string, OptionQuote[]>();
  for (const o of chain.options) {
    let date = dateOf.get(o.expiry);
    if (date === undefined) {
      date = localDate(o.expiry, zone);
      dateOf.set(o.expiry, date);
    }
    const group = byDate.get(date);
    if (group === undefined) byDate.set(date, [o]);
    else group.push(o);
  }
  const expiries: ExpiryPin[] = [];
  for (const date of [...byDate.keys()].sort()) {
    const levels = pinLevels(byDate.get(date) as OptionQuote[], chain.spot);
    if (levels !== null) expiries.push({ date, largestOi: levels.largestOi, maxPain: levels.maxPain });
  }
  return { timeZone: zone, expiries };
}

/** The pins of the first expiry date on or after `date` (YYYY-MM-DD); undefined when none is left. */
export function firstPinFrom(pins: SnapshotPins, date: string): ExpiryPin | undefined {
  return pins.expiries.find((e) => e.date >= date);
}

/**
 * The pin distances of each session whose snapshot's pins are given (see PINNING_RULE), the pins
 * dated in the prices' zone `zone`; the other sessions are counted.
 */
export function pinDistances(
  sessions: readonly StudySession[],
  pins: ReadonlyMap<number, SnapshotPins>,
  zone: string,
): { distances: PinDistance[]; noChain: number; noExpiry: number } {
  const distances: PinDistance[] = [];
  let noChain = 0;
  let noExpiry = 0;
  for (const s of sessions) {
    const stored = pins.get(s.asOf);
    if (stored === undefined) {
      noChain++;
      continue;
    }
    if (stored.timeZone !== zone)
      throw new RangeError(
        `the pins of the snapshot at ${s.asOf} are dated in ${stored.timeZone}, the prices in ${zone}`,
      );
    const pin = firstPinFrom(stored, s.nextSession);
    if (pin === undefined) {
      noExpiry++;
      continue;
    }
    distances.push({
      asOf: s.asOf,
      nextSession: s.nextSession,
      expiryDay: pin.date === s.nextSession,
      expiryDate: pin.date,
      largestOiStrike: pin.largestOi,
      maxPain: pin.maxPain,
      toLargestOiPct: (Math.abs(s.close - pin.largestOi) / s.spot) * 100,
      toMaxPainPct: (Math.abs(s.close - pin.maxPain) / s.spot) * 100,
    });
  }
  return { distances, noChain, noExpiry };
}
