import type { ColumnarChain } from '../chain/columnar.js';
import { checkFraction, PIN_BAND, percentOf } from '../core/units/index.js';
import { type MaxPain, maxPainByExpiry } from './levels.js';
import { distancePct } from './regime.js';

export interface PinOptions {
  /** expiries within this many days of asOf */
  readonly days: number;
  /** half-width of the band around spot, fraction of spot (0.05 = ±5 %) */
  readonly band: number;
  /** a side's cluster is "big" when its OI is at least this share of that side's largest OI in the band */
  readonly clusterFraction: number;
  /** strikes listed per expiry, largest OI first */
  readonly topCount: number;
}

export const DEFAULT_PIN_OPTIONS: PinOptions = { days: 7, band: 0.05, clusterFraction: 0.5, topCount: 5 };

export interface PinStrike {
  readonly strike: number;
  readonly callOi: number;
  readonly putOi: number;
  readonly totalOi: number;
  /** (strike − spot)/spot in % */
  readonly distancePct: number;
}

/** Between the nearest big put cluster below spot and the nearest big call cluster above. */
export interface PinRange {
  readonly putStrike: number | null;
  readonly putOi: number | null;
  readonly callStrike: number | null;
  readonly callOi: number | null;
  /** (callStrike − putStrike)/spot in %, null unless both sides are found */
  readonly widthPct: number | null;
}

export interface PinSet {
  readonly topStrikes: PinStrike[];
  readonly pinRange: PinRange;
}

export interface PinExpiry extends PinSet {
  readonly expiry: string;
  readonly daysToExpiry: number;
  /** the expiry's max pain (listed strike minimising what holders are paid), with that payout in USD */
  readonly maxPain: { readonly strike: number; readonly payout: number } | null;
}

export interface Pins {
  readonly days: number;
  readonly band: { readonly lo: number; readonly hi: number; readonly pct: number };
  /** the expiries within `days`, nearest first */
  readonly expiries: PinExpiry[];
  /** all those expiries together (OI summed per strike) */
  readonly combined: PinSet;
}

export function pinRule(o: PinOptions): string {
  const band = `±${percentOf(o.band)} % of spot`;
  const share = `${percentOf(o.clusterFraction)} %`;
  return `expiries within ${o.days} days; top strikes: the ${o.topCount} strikes with the largest call + put OI within ${band}; pin range: from the nearest strike below spot whose put OI is at least ${share} of the largest put OI below spot within ${band}, to the nearest strike above spot whose call OI is at least ${share} of the largest call OI above spot within ${band}; max pain as in the GEX report`;
}

/** OI per distinct strike of the chain over the options that `keep` accepts. */
function oiByStrike(chain: ColumnarChain, keep: (i: number) => boolean): { call: Float64Array; put: Float64Array } {
  const call = new Float64Array(chain.strikes.length);
  const put = new Float64Array(chain.strikes.length);
  for (let i = 0; i < chain.n; i++) {
    if (!keep(i)) continue;
    if (chain.phi[i] === 1) call[chain.strikeIndex[i]!]! += chain.openInterest[i]!;
    else put[chain.strikeIndex[i]!]! += chain.openInterest[i]!;
  }
  return { call, put };
}

/** Nearest strike on one side of spot whose OI is at least `fraction` of that side's largest in band. */
function nearestBig(strikes: Float64Array, oi: Float64Array, idx: number[], fraction: number) {
  let max = 0;
  for (const s of idx) if (oi[s]! > max) max = oi[s]!;
  if (max === 0) return { strike: null, oi: null };
  for (const s of idx) if (oi[s]! >= fraction * max) return { strike: strikes[s]!, oi: oi[s]! };
  return { strike: null, oi: null };
}

function pinSet(chain: ColumnarChain, oi: { call: Float64Array; put: Float64Array }, o: PinOptions): PinSet {
  const spot = chain.spot;
  const lo = spot * (1 - o.band);
  const hi = spot * (1 + o.band);
  const inBand: number[] = [];
  for (let s = 0; s < chain.strikes.length; s++) {
    const k = chain.strikes[s]!;
    if (k >= lo && k <= hi && oi.call[s]! + oi.put[s]! > 0) inBand.push(s);
  }
  const topStrikes = inBand
    .map((s) => ({
      strike: chain.strikes[s]!,
      callOi: oi.call[s]!,
      putOi: oi.put[s]!,
      totalOi: oi.call[s]! + oi.put[s]!,
      distancePct: distancePct(chain.strikes[s]!, spot),
    }))
    .sort((a, b) => b.totalOi - a.totalOi || Math.abs(a.distancePct) - Math.abs(b.distancePct))
    .slice(0, o.topCount);
  // Walk outwards from spot on each side: the first big strike is the nearest.
  const below = inBand.filter((s) => chain.strikes[s]! < spot).reverse();
  const above = inBand.filter((s) => chain.strikes[s]! > spot);
  const put = nearestBig(chain.strikes, oi.put, below, o.clusterFraction);
  const call = nearestBig(chain.strikes, oi.call, above, o.clusterFraction);
  return {
    topStrikes,
    pinRange: {
      putStrike: put.strike,
      putOi: put.oi,
      callStrike: call.strike,
      callOi: call.oi,
      widthPct: put.strike !== null && call.strike !== null ? ((call.strike - put.strike) / spot) * 100 : null,
    },
  };
}

/** Pins for the expiries within `days` (see pinRule); `maxPain` is the report's, when already computed. */
export function pinsOf(
  chain: ColumnarChain,
  opts: Partial<PinOptions> = {},
  maxPain: readonly MaxPain[] = maxPainByExpiry(chain),
): Pins {
  const o: PinOptions = { ...DEFAULT_PIN_OPTIONS, ...opts };
  if (!(o.days > 0 && Number.isFinite(o.days))) throw new RangeError(`pin days (${o.days}) must be a positive number`);
  checkFraction(PIN_BAND, o.band);
  if (!(o.clusterFraction > 0 && o.clusterFraction <= 1))
    throw new RangeError(`pin cluster fraction (${o.clusterFraction}) must be in (0, 1]`);
  const limit = chain.asOf + o.days * 86_400_000;
  const within: number[] = [];
  chain.expiries.forEach((e, x) => {
    if (e <= limit) within.push(x);
  });
  const expiries = within.map((x) => {
    const expiry = chain.expiries[x]!;
    const iso = new Date(expiry).toISOString();
    const pain = maxPain.find((p) => p.expiry === iso);
    return {
      expiry: iso,
      daysToExpiry: (expiry - chain.asOf) / 86_400_000,
      maxPain: pain ? { strike: pain.strike, payout: pain.payout } : null,
      ...pinSet(
        chain,
        oiByStrike(chain, (i) => chain.expiryIndex[i] === x),
        o,
      ),
    };
  });
  const windowSet = new Set(within);
  return {
    days: o.days,
    band: { lo: chain.spot * (1 - o.band), hi: chain.spot * (1 + o.band), pct: percentOf(o.band) },
    expiries,
    combined: pinSet(
      chain,
      oiByStrike(chain, (i) => windowSet.has(chain.expiryIndex[i]!)),
      o,
    ),
  };
}
