import type { ChainSnapshot, OptionQuote } from '../../src/chain/types.js';
import { black76, black76Gamma } from '../../src/core/black76.js';
import { bsm } from '../../src/core/bsm.js';
import { handChain, type QuoteSpec } from './syntheticChain.js';

/**
 * Reference values for the mechanics tests, computed option by option through the plain kernels
 * (black76(), bsm()) on plain snapshot objects: no columnar chain, no d1Shift, no fast paths.
 */

const YEAR_MS = 365 * 86_400_000;

export type Side = (o: OptionQuote) => number;
export const classic: Side = (o) => (o.type === 'C' ? o.openInterest : -o.openInterest);
export const customerLong: Side = (o) => -o.openInterest;

export function years(snap: ChainSnapshot, o: OptionQuote): number {
  return (o.expiry - snap.asOf) / YEAR_MS;
}

export interface Bump {
  /** hypothetical spot (forwards move with it) */
  readonly spot?: number;
  /** added to every vol */
  readonly dVol?: number;
  /** years of time passing (t − dt; Black-76 forwards fixed, BSM spot fixed) */
  readonly dt?: number;
}

/** One option's delta (Black-76: D·∂V/∂F; BSM: spot delta) under a bump, through the plain kernels. */
export function optionDelta(snap: ChainSnapshot, o: OptionQuote, bump: Bump = {}): number {
  const s = bump.spot ?? snap.spot;
  const t = years(snap, o) - (bump.dt ?? 0);
  const vol = o.iv + (bump.dVol ?? 0);
  const phi = o.type === 'C' ? 1 : -1;
  if (snap.model.kind === 'bsm') {
    return bsm({ phi, spot: s, strike: o.strike, vol, t, rate: snap.model.rate, yield: snap.model.yield }).delta;
  }
  const forward = (o.forward * s) / snap.spot;
  return Math.exp(-snap.model.rate * t) * black76({ phi, forward, strike: o.strike, vol, t }).delta;
}

/** Σ q·m·Δ over the options `keep` accepts. */
export function dealerDelta(
  snap: ChainSnapshot,
  side: Side,
  bump: Bump = {},
  keep: (o: OptionQuote) => boolean = () => true,
): number {
  let sum = 0;
  for (const o of snap.options) if (keep(o)) sum += side(o) * o.multiplier * optionDelta(snap, o, bump);
  return sum;
}

/** Σ q·m·|term| of the delta sum: the scale for tolerances. */
export function dealerDeltaAbs(snap: ChainSnapshot, side: Side, bump: Bump = {}): number {
  let sum = 0;
  for (const o of snap.options) sum += Math.abs(side(o) * o.multiplier * optionDelta(snap, o, bump));
  return sum;
}

/** Black-76 only: d(dealer delta)/dS at spot S = Σ q·m·D·Γ_F(F_i(S))·F_i/spot (chain rule dF_i/dS = F_i/spot). */
export function dealerDeltaSlopeB76(snap: ChainSnapshot, side: Side, s: number): number {
  if (snap.model.kind !== 'black76') throw new Error('Black-76 chains only');
  let sum = 0;
  for (const o of snap.options) {
    const t = years(snap, o);
    const ratio = o.forward / snap.spot;
    const g = black76Gamma(o.forward * (s / snap.spot), o.strike, o.iv, t);
    sum += side(o) * o.multiplier * Math.exp(-snap.model.rate * t) * g * ratio;
  }
  return sum;
}

/** Simpson's rule on n (even) intervals. */
export function simpson(f: (x: number) => number, a: number, b: number, n: number): number {
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let k = 1; k < n; k++) sum += (k % 2 === 1 ? 4 : 2) * f(a + k * h);
  return (sum * h) / 3;
}

/** A hand-made chain under Black-76 with a non-zero rate (forwards as given). */
export function handChainWithRate(specs: readonly QuoteSpec[], rate: number, spot = 100): ChainSnapshot {
  const snap = handChain(specs, spot);
  return { ...snap, model: { kind: 'black76', rate } };
}

/** A hand-made chain under BSM with rate and yield: forwards are S·e^{(r−q)t}. */
export function handChainBsm(
  specs: readonly QuoteSpec[],
  rate: number,
  dividendYield: number,
  spot = 100,
): ChainSnapshot {
  const snap = handChain(specs, spot);
  const options = snap.options.map((o) => ({
    ...o,
    forward: spot * Math.exp((rate - dividendYield) * years(snap, o)),
  }));
  return { ...snap, model: { kind: 'bsm', rate, yield: dividendYield }, options };
}

/** Dealers' delta change per vol point in USD, by a central bump of every option's vol. */
export function vannaByBump(snap: ChainSnapshot, side: Side, h = 1e-5): number {
  return ((dealerDelta(snap, side, { dVol: h }) - dealerDelta(snap, side, { dVol: -h })) / (2 * h)) * 0.01 * snap.spot;
}

/** Dealers' delta change per day of time passing in USD, by a central difference in t. */
export function charmByDifference(snap: ChainSnapshot, side: Side, h = 1e-7): number {
  return ((dealerDelta(snap, side, { dt: h }) - dealerDelta(snap, side, { dt: -h })) / (2 * h)) * (snap.spot / 365);
}

/**
 * Per expiry, the day's charm integrated by Simpson over (now, +12 h, +1 day), given the charm per
 * day of each expiry at those three times, beside the dealer delta change of re-pricing the
 * expiry one day later with the plain kernels (USD).
 */
export function charmOverADay(
  snap: ChainSnapshot,
  side: Side,
  expiry: string,
  perDay: readonly [number, number, number],
): { integral: number; repriced: number } {
  const keep = (o: OptionQuote) => o.expiry === Date.parse(expiry);
  const repriced = (dealerDelta(snap, side, { dt: 1 / 365 }, keep) - dealerDelta(snap, side, {}, keep)) * snap.spot;
  return { integral: (perDay[0] + 4 * perDay[1] + perDay[2]) / 6, repriced };
}

/** The index of a move on a report's hedge-flow grid. */
export function moveIndex(movesPct: readonly number[], movePct: number): number {
  const j = movesPct.indexOf(movePct);
  if (j < 0) throw new Error(`move ${movePct} % is not on the grid`);
  return j;
}
