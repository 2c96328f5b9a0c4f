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

function sortedDistinct(values: Iterable<number>): number[] {
  return [...new Set(values)].sort((a, b) => a - b);
}

/** The columns the per-option terms are written into, and the ones they are computed from. */
export type TermColumns = Pick<
  ColumnarChain,
  'n' | 'iv' | 'fwdRatio' | 'expiryIndex' | 'expiries' | 't' | 'stdDev' | 'discount' | 'd1Shift' | 'gammaScale'
>;

/**
 * Writes every option's terms that depend on asOf and on its vol (t, σ√t, discount, d1 shift and
 * gamma scale, as ColumnarChain defines them) from its iv, expiry and fwdRatio, with
 * `lnMoneyness_i` = ln(fwdRatio_i) − ln K_i. toColumnar writes them once; a live chain again after
 * each mark or clock move, so both price with the same numbers.
 */
export function writeOptionTerms(c: TermColumns, model: PricingModel, asOf: number, lnMoneyness: Float64Array): void {
  // t, √t and the discount depend on the expiry alone: once per expiry, not per option
  const m = c.expiries.length;
  const years = new Float64Array(m);
  const rootYears = new Float64Array(m);
  const discounts = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const t = yearsBetween(asOf, c.expiries[j] as number);
    years[j] = t;
    rootYears[j] = Math.sqrt(t);
    discounts[j] = Math.exp(-model.rate * t);
  }
  const black76 = model.kind === 'black76';
  for (let i = 0; i < c.n; i++) {
    const j = c.expiryIndex[i] as number;
    const sd = (c.iv[i] as number) * (rootYears[j] as number);
    const ratio = c.fwdRatio[i] as number;
    const discount = discounts[j] as number;
    c.t[i] = years[j] as number;
    c.stdDev[i] = sd;
    c.discount[i] = discount;
    c.d1Shift[i] = (lnMoneyness[i] as number) + 0.5 * sd * sd;
    c.gammaScale[i] = black76 ? discount / (ratio * sd) : (discount * ratio) / sd;
  }
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
  const lnMoneyness = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const o = options[i] as OptionQuote;
    const ratio = o.forward / spot;
    c.strike[i] = o.strike;
    c.phi[i] = o.type === 'C' ? 1 : -1;
    c.openInterest[i] = o.openInterest;
    c.multiplier[i] = o.multiplier;
    c.iv[i] = o.iv;
    c.fwdRatio[i] = ratio;
    c.expiryIndex[i] = expiryPos.get(o.expiry) as number;
    c.strikeIndex[i] = strikePos.get(o.strike) as number;
    lnMoneyness[i] = Math.log(ratio) - Math.log(o.strike);
  }
  const chain = { n, spot, asOf, model, instruments: options.map((o) => o.instrument), expiries, strikes, ...c };
  writeOptionTerms(chain, model, asOf, lnMoneyness);
  return chain;
}

/** The numbers of `values` at the marked indices, in order. */
function gather<T extends Float64Array | Int8Array | Int32Array>(values: T, kept: Int32Array, into: T): T {
  for (let k = 0; k < kept.length; k++) into[k] = values[kept[k] as number] as number;
  return into;
}

/** Positions of the distinct values `index` uses, ascending, and each old position's new one (−1: unused). */
function usedPositions(index: Int32Array, kept: Int32Array, size: number): { used: number[]; moved: Int32Array } {
  const moved = new Int32Array(size).fill(-1);
  for (let k = 0; k < kept.length; k++) moved[index[kept[k] as number] as number] = 0;
  const used: number[] = [];
  for (let p = 0; p < size; p++) if (moved[p] === 0) moved[p] = used.push(p) - 1;
  return { used, moved };
}

/**
 * The options at the indices `kept` (ascending) as a chain of their own, equal to toColumnar of
 * those options to the last digit: every column is per option (the expiry terms depend on the
 * expiry alone), so it is copied rather than computed again, and the distinct strikes and
 * expiries are those the kept options use. When the kept options are one run of neighbours (a
 * chain in expiry order without its first expiry), the per-option columns are views of the
 * chain's own, not copies: the subset is read, never written.
 */
export function columnarSubset(chain: ColumnarChain, kept: Int32Array): ColumnarChain {
  const n = kept.length;
  const from = n > 0 ? (kept[0] as number) : 0;
  const run = n === 0 || (kept[n - 1] as number) - from === n - 1;
  const column = <T extends Float64Array | Int8Array | Int32Array>(values: T, into: () => T): T =>
    run ? (values.subarray(from, from + n) as T) : gather(values, kept, into());
  const f64 = (values: Float64Array) => column(values, () => new Float64Array(n));
  const strikes = usedPositions(chain.strikeIndex, kept, chain.strikes.length);
  const expiries = usedPositions(chain.expiryIndex, kept, chain.expiries.length);
  const strikeIndex = new Int32Array(n);
  const expiryIndex = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = kept[k] as number;
    strikeIndex[k] = strikes.moved[chain.strikeIndex[i] as number] as number;
    expiryIndex[k] = expiries.moved[chain.expiryIndex[i] as number] as number;
  }
  return {
    n,
    spot: chain.spot,
    asOf: chain.asOf,
    model: chain.model,
    instruments: run
      ? chain.instruments.slice(from, from + n)
      : Array.from(kept, (i) => chain.instruments[i] as string),
    expiries: expiries.used.map((p) => chain.expiries[p] as number),
    strikes: Float64Array.from(strikes.used, (p) => chain.strikes[p] as number),
    strike: f64(chain.strike),
    phi: column(chain.phi, () => new Int8Array(n)),
    openInterest: f64(chain.openInterest),
    multiplier: f64(chain.multiplier),
    iv: f64(chain.iv),
    t: f64(chain.t),
    stdDev: f64(chain.stdDev),
    fwdRatio: f64(chain.fwdRatio),
    discount: f64(chain.discount),
    d1Shift: f64(chain.d1Shift),
    gammaScale: f64(chain.gammaScale),
    expiryIndex,
    strikeIndex,
  };
}
