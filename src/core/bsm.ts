import { black76, type OptionSign } from './black76.js';
import { normPdf } from './normal.js';

export interface BsmInput {
  readonly phi: OptionSign;
  readonly spot: number;
  readonly strike: number;
  readonly vol: number;
  readonly t: number;
  /** continuously compounded risk-free rate */
  readonly rate: number;
  /** continuously compounded dividend / carry yield */
  readonly yield: number;
}

/** Black-Scholes-Merton greeks with respect to spot; theta and charm per year of time passing. */
export interface BsmGreeks {
  readonly price: number;
  readonly delta: number;
  readonly gamma: number;
  readonly vega: number;
  readonly theta: number;
  readonly vanna: number;
  readonly charm: number;
}

/**
 * BSM as Black-76 on the forward F = S·e^{(r−q)t} with discount D = e^{−rt}:
 * spot greeks follow by the chain rule (∂F/∂S = F/S).
 */
export function bsm(input: BsmInput): BsmGreeks {
  const { phi, spot, strike, vol, t, rate, yield: q } = input;
  const carry = rate - q;
  const forward = spot * Math.exp(carry * t);
  const discount = Math.exp(-rate * t);
  const dividendDiscount = Math.exp(-q * t);
  const b = black76({ phi, forward, strike, vol, t });
  const fOverS = forward / spot;
  const price = discount * b.price;
  const delta = dividendDiscount * b.delta; // D·(F/S)·∂V/∂F
  const gamma = discount * fOverS * fOverS * b.gamma;
  const stdDev = vol * Math.sqrt(t);
  // Time passing also moves F and D; with b = r − q: ∂d1/∂t = b/(σ√t) − d2/(2t).
  const charm =
    stdDev > 0 && t > 0 ? q * delta - dividendDiscount * normPdf(b.d1) * (carry / stdDev - b.d2 / (2 * t)) : 0;
  return {
    price,
    delta,
    gamma,
    vega: discount * b.vega,
    theta: rate * price - carry * spot * delta - 0.5 * vol * vol * spot * spot * gamma,
    vanna: dividendDiscount * b.vanna,
    charm,
  };
}
