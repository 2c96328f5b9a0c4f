import type { ColumnarChain } from '../../chain/columnar.js';
import { normCdf } from '../../core/normal.js';
import { dealerDeltaWeights } from './deltaKernel.js';

const INV_SQRT_2PI = 0.3989422804014327;
const DAYS_PER_YEAR = 365;
const HOURS_PER_YEAR = 8760;
const MS_PER_DAY = 86_400_000;

export interface VannaExpiry {
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly perVolPointUsd: number;
}

/** Dealers' delta change in USD when every implied vol rises by one point (0.01). */
export interface VannaExposure {
  /** Σ q·m·∂Δ/∂σ·0.01·S; + = dealers' delta rises, so they must sell that many USD */
  readonly perVolPointUsd: number;
  /** what re-hedging a +1 point vol rise makes dealers trade: −perVolPointUsd (+ buy / − sell) */
  readonly hedgeFlowUsd: number;
  readonly byExpiry: VannaExpiry[];
  /** perVolPointUsd per strike, calls and puts of every expiry in view */
  readonly byStrike: StrikeValue[];
}

/** One strike's share of an exposure, in that exposure's unit. */
export interface StrikeValue {
  readonly strike: number;
  readonly value: number;
}

export interface CharmExpiry {
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly perDayUsd: number;
  readonly perHourUsd: number;
}

/** Dealers' delta change in USD as time passes (spot and vols fixed). */
export interface CharmExposure {
  /** Σ q·m·charm·S/365 over all options; + = dealers' delta rises, so they must sell that many USD a day */
  readonly perDayUsd: number;
  /** what re-hedging one day of charm makes dealers trade: −perDayUsd */
  readonly perDayHedgeFlowUsd: number;
  /** the options expiring within 24 hours, per hour of time passing (charm/8760) */
  readonly withinDay: {
    readonly expiries: string[];
    readonly options: number;
    readonly perHourUsd: number;
    readonly perHourHedgeFlowUsd: number;
  };
  readonly byExpiry: CharmExpiry[];
  /** perDayUsd per strike, calls and puts of every expiry in view */
  readonly byStrike: StrikeValue[];
}

/** Per-option model constants of ∂Δ/∂t: charm = c0·Δ + A·φ(d1)·(d2/(2t) − carry/(σ√t)). */
function charmConstants(chain: ColumnarChain): { c0: number; carry: number } {
  if (chain.model.kind === 'bsm') return { c0: chain.model.yield, carry: chain.model.rate - chain.model.yield };
  return { c0: chain.model.rate, carry: 0 };
}

/**
 * Vanna and charm exposure of the dealers, at spot, per option
 *   vanna_i = ∂Δ_i/∂σ = A_i·φ(d1)·(−d2/σ),
 *   charm_i = −∂Δ_i/∂t = c0·Δ_i + A_i·φ(d1)·(d2/(2t) − carry/(σ√t)),
 * Black-76 with forwards held fixed (c0 = r, carry 0), BSM with spot held fixed (c0 = q, carry = r − q).
 */
export function vannaCharm(
  chain: ColumnarChain,
  q: Float64Array,
  /** dealerDeltaWeights(chain, q), when at hand */
  w = dealerDeltaWeights(chain, q),
): { vanna: VannaExposure; charm: CharmExposure } {
  const spot = chain.spot;
  const { c0, carry } = charmConstants(chain);
  const nExp = chain.expiries.length;
  const vannaByExp = new Float64Array(nExp);
  const charmByExp = new Float64Array(nExp);
  const vannaByStrike = new Float64Array(chain.strikes.length);
  const charmByStrike = new Float64Array(chain.strikes.length);
  const x = Math.log(spot);
  for (let i = 0; i < chain.n; i++) {
    const sd = chain.stdDev[i]!;
    const t = chain.t[i]!;
    const phi = chain.phi[i]!;
    const d1 = (x + chain.d1Shift[i]!) / sd;
    const d2 = d1 - sd;
    const pdf = INV_SQRT_2PI * Math.exp(-0.5 * d1 * d1);
    const wi = w[i]!;
    const e = chain.expiryIndex[i]!;
    const vanna = wi * pdf * (-d2 / chain.iv[i]!);
    const delta = c0 === 0 ? 0 : phi * normCdf(phi * d1);
    const charm = wi * (c0 * delta + pdf * (d2 / (2 * t) - carry / sd));
    const k = chain.strikeIndex[i]!;
    vannaByExp[e]! += vanna;
    charmByExp[e]! += charm;
    vannaByStrike[k]! += vanna;
    charmByStrike[k]! += charm;
  }
  let vannaTotal = 0;
  let charmTotal = 0;
  let withinDayPerYear = 0;
  let withinDayOptions = 0;
  const withinDayExpiries: string[] = [];
  const limit = chain.asOf + MS_PER_DAY;
  for (let e = 0; e < nExp; e++) {
    vannaTotal += vannaByExp[e]!;
    charmTotal += charmByExp[e]!;
    if (chain.expiries[e]! <= limit) {
      withinDayPerYear += charmByExp[e]!;
      withinDayExpiries.push(new Date(chain.expiries[e]!).toISOString());
    }
  }
  for (let i = 0; i < chain.n; i++) if (chain.expiries[chain.expiryIndex[i]!]! <= limit) withinDayOptions++;
  const perVolPointUsd = vannaTotal * 0.01 * spot;
  const perDayUsd = (charmTotal * spot) / DAYS_PER_YEAR;
  const perHourUsd = (withinDayPerYear * spot) / HOURS_PER_YEAR;
  const meta = (e: number) => ({
    expiry: new Date(chain.expiries[e]!).toISOString(),
    daysToExpiry: (chain.expiries[e]! - chain.asOf) / MS_PER_DAY,
  });
  return {
    vanna: {
      perVolPointUsd,
      hedgeFlowUsd: -perVolPointUsd,
      byExpiry: chain.expiries.map((_, e) => ({ ...meta(e), perVolPointUsd: vannaByExp[e]! * 0.01 * spot })),
      byStrike: Array.from(chain.strikes, (strike, k) => ({ strike, value: vannaByStrike[k]! * 0.01 * spot })),
    },
    charm: {
      perDayUsd,
      perDayHedgeFlowUsd: -perDayUsd,
      withinDay: {
        expiries: withinDayExpiries,
        options: withinDayOptions,
        perHourUsd,
        perHourHedgeFlowUsd: -perHourUsd,
      },
      byExpiry: chain.expiries.map((_, e) => ({
        ...meta(e),
        perDayUsd: (charmByExp[e]! * spot) / DAYS_PER_YEAR,
        perHourUsd: (charmByExp[e]! * spot) / HOURS_PER_YEAR,
      })),
      byStrike: Array.from(chain.strikes, (strike, k) => ({
        strike,
        value: (charmByStrike[k]! * spot) / DAYS_PER_YEAR,
      })),
    },
  };
}
