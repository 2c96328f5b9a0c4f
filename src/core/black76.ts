import { normCdf, normPdf } from './normal.js';

/** +1 for a call, -1 for a put: one formula serves both (QuantLib's habit). */
export type OptionSign = 1 | -1;

export interface Black76Input {
  /** +1 call, -1 put */
  readonly phi: OptionSign;
  /** forward of the option's expiry */
  readonly forward: number;
  readonly strike: number;
  /** annualised volatility, 1.0 = 100 % */
  readonly vol: number;
  /** time to expiry in years */
  readonly t: number;
}

/** Undiscounted Black-76 value and sensitivities to the forward (discount 1). */
export interface Black76Greeks {
  readonly price: number;
  /** ∂V/∂F */
  readonly delta: number;
  /** ∂²V/∂F² */
  readonly gamma: number;
  /** ∂V/∂σ per 1.00 of vol */
  readonly vega: number;
  /** ∂²V/∂F∂σ per 1.00 of vol */
  readonly vanna: number;
  /** −∂Δ/∂t: change of ∂V/∂F per year of time passing, forward held fixed */
  readonly charm: number;
  readonly d1: number;
  readonly d2: number;
}

const NAN_GREEKS: Black76Greeks = {
  price: Number.NaN,
  delta: Number.NaN,
  gamma: Number.NaN,
  vega: Number.NaN,
  vanna: Number.NaN,
  charm: Number.NaN,
  d1: Number.NaN,
  d2: Number.NaN,
};

function validInput(forward: number, strike: number, vol: number, t: number): boolean {
  return forward > 0 && strike >= 0 && vol >= 0 && t >= 0 && Number.isFinite(forward + strike + vol + t);
}

/** At expiry or zero vol the option is its intrinsic value; the greeks are the limits. */
function intrinsicGreeks(phi: OptionSign, forward: number, strike: number): Black76Greeks {
  const itm = phi * (forward - strike) > 0;
  return {
    price: Math.max(phi * (forward - strike), 0),
    delta: itm ? phi : 0,
    gamma: 0,
    vega: 0,
    vanna: 0,
    charm: 0,
    d1: phi * (itm ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY),
    d2: phi * (itm ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY),
  };
}

/**
 * Black-76 price and greeks on the forward. Invalid input gives NaN in every
 * field (never throws), so the kernel is safe inside loops.
 */
export function black76(input: Black76Input): Black76Greeks {
  const { phi, forward, strike, vol, t } = input;
  if (!validInput(forward, strike, vol, t) || (phi !== 1 && phi !== -1)) return NAN_GREEKS;
  const stdDev = vol * Math.sqrt(t);
  if (stdDev === 0 || strike === 0) {
    if (strike === 0) return { ...intrinsicGreeks(phi, forward, strike), delta: phi === 1 ? 1 : 0 };
    return intrinsicGreeks(phi, forward, strike);
  }
  const d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
  const d2 = d1 - stdDev;
  const nd1 = normPdf(d1);
  const cdf1 = normCdf(phi * d1);
  const cdf2 = normCdf(phi * d2);
  const price = phi * (forward * cdf1 - strike * cdf2);
  const sqrtT = Math.sqrt(t);
  return {
    price: Math.max(price, 0),
    delta: phi * cdf1,
    gamma: nd1 / (forward * stdDev),
    vega: forward * nd1 * sqrtT,
    vanna: (-nd1 * d2) / vol,
    charm: (nd1 * d2) / (2 * t),
    d1,
    d2,
  };
}

/**
 * Gamma alone (∂²V/∂F²), for sweeps that need nothing else: same for calls and puts.
 * Returns NaN for invalid input and 0 at expiry or zero vol.
 */
export function black76Gamma(forward: number, strike: number, vol: number, t: number): number {
  if (!validInput(forward, strike, vol, t)) return Number.NaN;
  const stdDev = vol * Math.sqrt(t);
  if (stdDev === 0 || strike === 0) return 0;
  const d1 = Math.log(forward / strike) / stdDev + 0.5 * stdDev;
  return normPdf(d1) / (forward * stdDev);
}
