import { type ChainSnapshot, type OptionQuote, type PricingModel, yearsBetween } from './types.js';

/**
 * The chain as columns, one entry per option, so that re-pricing sweeps are tight loops over
 * typed arrays. Everything that does not depend on the hypothetical spot is computed here, once.
 */
export interface ColumnarChain {
  readonly n: number;
  readonly spot: number;
  readonly asOf: number;
  readonly model: PricingModel;
  readonly instruments: readonly string[];
  readonly strike: Float64Array;
  /** +1 call, −1 put */
  readonly phi: Int8Array;
  readonly openInterest: Float64Array;
  readonly multiplier: Float64Array;
  readonly iv: Float64Array;
  /** years to expiry */
  readonly t: Float64Array;
  /** σ√t */
  readonly stdDev: Float64Array;
  /** forward / spot: forwards move with spot, F_i(S) = S·fwdRatio_i */
  readonly fwdRatio: Float64Array;
  /** discount factor to expiry (1 when the rate is 0) */
  readonly discount: Float64Array;
  /**
   * d1 at hypothetical spot S is (ln S + d1Shift_i) / stdDev_i, with
   * d1Shift_i = ln(fwdRatio_i) − ln K_i + stdDev_i²/2 (sticky strike: σ fixed per option).
   */
  readonly d1Shift: Float64Array;
  /**
   * Γ·S² at spot S equals S·gammaScale_i·φ(d1) (φ the normal pdf): for Black-76, Γ is ∂²V/∂F²
   * of the option's own forward (DESIGN.md), so gammaScale = D/(fwdRatio·σ√t); for BSM, Γ is the
   * spot gamma, gammaScale = D·fwdRatio/(σ√t) = e^{−qt}/(σ√t).
   */
  readonly gammaScale: Float64Array;
  /** index into `expiries` */
  readonly expiryIndex: Int32Array;
  /** distinct expiries, ascending, epoch ms */
  readonly expiries: readonly number[];
  /** index into `strikes` */
  readonly strikeIndex: Int32Array;
  /** distinct strikes, ascending */
  readonly strikes: Float64Array;
}

function forwardDiscount(model: PricingModel, t: number): number {
  return Math.exp(-model.rate * t);
}

function sortedDistinct(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** Builds the columnar view of a snapshot (or of a subset of its options). */
export function toColumnar(
  snapshot: Pick<ChainSnapshot, 'spot' | 'asOf' | 'model'>,
  options: readonly OptionQuote[],
): ColumnarChain {
  const n = options.length;
  const { spot, asOf, model } = snapshot;
  const expiries = sortedDistinct(options.map((o) => o.expiry));
  const strikes = Float64Array.from(sortedDistinct(options.map((o) => o.strike)));
  const expiryPos = new Map(expiries.map((e, i) => [e, i]));
  const strikePos = new Map(Array.from(strikes, (k, i) => [k, i]));

  const c = {
    strike: new Float64Array(n),
    phi: new Int8Array(n),
    openInterest: new Float64Array(n),
    multiplier: new Float64Array(n),
    iv: new Float64Array(n),
    t: new Float64Array(n),
    stdDev: new Float64Array(n),
    fwdRatio: new Float64Array(n),
    discount: new Float64Array(n),
    d1Shift: new Float64Array(n),
    gammaScale: new Float64Array(n),
    expiryIndex: new Int32Array(n),
    strikeIndex: new Int32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const o = options[i] as OptionQuote;
    const t = yearsBetween(asOf, o.expiry);
    const sd = o.iv * Math.sqrt(t);
    const ratio = o.forward / spot;
    const discount = forwardDiscount(model, t);
    c.strike[i] = o.strike;
    c.phi[i] = o.type === 'C' ? 1 : -1;
    c.openInterest[i] = o.openInterest;
    c.multiplier[i] = o.multiplier;
    c.iv[i] = o.iv;
    c.t[i] = t;
    c.stdDev[i] = sd;
    c.fwdRatio[i] = ratio;
    c.discount[i] = discount;
    c.d1Shift[i] = Math.log(ratio) - Math.log(o.strike) + 0.5 * sd * sd;
    c.gammaScale[i] = model.kind === 'black76' ? discount / (ratio * sd) : (discount * ratio) / sd;
    c.expiryIndex[i] = expiryPos.get(o.expiry) as number;
    c.strikeIndex[i] = strikePos.get(o.strike) as number;
  }
  return { n, spot, asOf, model, instruments: options.map((o) => o.instrument), expiries, strikes, ...c };
}
