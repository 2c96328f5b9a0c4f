import type { OptionSign } from './black76.js';
import { normCdf, normPdf } from './normal.js';

export interface ImpliedVolInput {
  readonly phi: OptionSign;
  /** option premium, discounted (in the same currency as forward and strike) */
  readonly price: number;
  readonly forward: number;
  readonly strike: number;
  readonly t: number;
  /** discount factor to expiry; 1 when undiscounted */
  readonly discount?: number;
}

/** `vol` is NaN exactly when `reason` is set. */
export interface ImpliedVolResult {
  readonly vol: number;
  readonly reason?: string;
  readonly iterations: number;
}

const MAX_ITERATIONS = 200;
const MAX_STD_DEV = 50; // σ√t beyond this the option is worth its upper bound to machine precision

function fail(reason: string): ImpliedVolResult {
  return { vol: Number.NaN, reason, iterations: 0 };
}

/** Undiscounted out-of-the-money Black price as a function of total std dev s = σ√t. */
function otmPrice(psi: OptionSign, forward: number, strike: number, s: number): number {
  const d1 = Math.log(forward / strike) / s + 0.5 * s;
  const d2 = d1 - s;
  return psi * (forward * normCdf(psi * d1) - strike * normCdf(psi * d2));
}

/**
 * Black-76 implied volatility. Bounds are checked first (a price outside
 * [intrinsic, upper bound] has no vol); then the out-of-the-money twin of the
 * option (by put-call parity) is solved for s = σ√t by Newton steps on
 * log(price), kept inside a bisection bracket so that it always converges.
 */
export function impliedVol(input: ImpliedVolInput): ImpliedVolResult {
  const { phi, price, forward, strike, t } = input;
  const discount = input.discount ?? 1;
  if (phi !== 1 && phi !== -1) return fail(`option sign (${String(phi)}) must be 1 (call) or -1 (put)`);
  if (!(forward > 0) || !Number.isFinite(forward)) return fail(`forward (${forward}) must be positive and finite`);
  if (!(strike > 0) || !Number.isFinite(strike)) return fail(`strike (${strike}) must be positive and finite`);
  if (!(t > 0) || !Number.isFinite(t)) return fail(`time to expiry (${t}) must be positive`);
  if (!(discount > 0) || !Number.isFinite(discount)) return fail(`discount (${discount}) must be positive`);
  if (!Number.isFinite(price) || price < 0) return fail(`price (${price}) must be a non-negative number`);

  const p = price / discount;
  const intrinsic = Math.max(phi * (forward - strike), 0);
  const upper = phi === 1 ? forward : strike;
  if (p <= intrinsic) return fail(`price (${price}) is at or below intrinsic value (${intrinsic * discount})`);
  if (p >= upper) return fail(`price (${price}) is at or above the upper bound (${upper * discount})`);

  // Solve on the out-of-the-money side: its price carries the time value without the intrinsic part.
  const psi: OptionSign = forward > strike ? -1 : forward < strike ? 1 : phi;
  const target = psi === phi ? p : p - phi * (forward - strike);
  if (!(target > 0)) return fail(`time value of price (${price}) is below double precision`);
  const logTarget = Math.log(target);

  let lo = 0;
  let hi = 1;
  while (otmPrice(psi, forward, strike, hi) < target) {
    lo = hi;
    hi *= 2;
    if (hi > MAX_STD_DEV) return fail(`price (${price}) needs σ√t above ${MAX_STD_DEV}`);
  }
  // Start from the Brenner–Subrahmanyam/ATM guess, clamped into the bracket.
  let s = Math.min(Math.max(Math.sqrt(2 * Math.PI) * (target / Math.sqrt(forward * strike)), lo), hi);
  if (!(s > lo && s < hi)) s = 0.5 * (lo + hi);
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const d1 = Math.log(forward / strike) / s + 0.5 * s;
    const value = psi * (forward * normCdf(psi * d1) - strike * normCdf(psi * (d1 - s)));
    if (value > target) hi = s;
    else lo = s;
    const vega = forward * normPdf(d1); // ∂price/∂s
    let next: number;
    if (value > 0 && vega > 0) {
      next = s - (Math.log(value) - logTarget) * (value / vega);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    } else {
      next = 0.5 * (lo + hi);
    }
    if (Math.abs(next - s) <= 1e-15 * s || hi - lo <= 1e-15 * hi) {
      return { vol: next / Math.sqrt(t), iterations: i };
    }
    s = next;
  }
  return { vol: s / Math.sqrt(t), iterations: MAX_ITERATIONS };
}

export interface ImpliedVolBsmInput {
  readonly phi: OptionSign;
  readonly price: number;
  readonly spot: number;
  readonly strike: number;
  readonly t: number;
  readonly rate: number;
  readonly yield: number;
}

/** BSM implied vol: Black-76 on F = S·e^{(r−q)t} with discount e^{−rt}. */
export function impliedVolBsm(input: ImpliedVolBsmInput): ImpliedVolResult {
  const { phi, price, spot, strike, t, rate, yield: q } = input;
  return impliedVol({
    phi,
    price,
    forward: spot * Math.exp((rate - q) * t),
    strike,
    t,
    discount: Math.exp(-rate * t),
  });
}

/** Deribit quotes coin-settled premiums in coin: the USD premium is coin premium × forward. */
export function coinPremiumToUsd(coinPremium: number, forward: number): number {
  return coinPremium * forward;
}
