import type { ColumnarChain } from '../chain/columnar.js';
import type { StrikeColumns } from './byStrike.js';

/** Strike whose |value| is largest, or null when every value is 0 (ties: the lower strike). */
function argMaxAbs(strikes: Float64Array, values: (s: number) => number): number | null {
  let best = -1;
  let bestValue = 0;
  for (let s = 0; s < strikes.length; s++) {
    const v = Math.abs(values(s));
    if (v > bestValue) {
      bestValue = v;
      best = s;
    }
  }
  return best < 0 ? null : strikes[best]!;
}

export interface Walls {
  /** strike with the largest call GEX by absolute value */
  readonly callWall: number | null;
  /** strike with the largest put GEX by absolute value */
  readonly putWall: number | null;
  /** strike with the largest |call GEX| + |put GEX| */
  readonly absGammaStrike: number | null;
}

export function findWalls(cols: StrikeColumns): Walls {
  return {
    callWall: argMaxAbs(cols.strikes, (s) => cols.callGex[s]!),
    putWall: argMaxAbs(cols.strikes, (s) => cols.putGex[s]!),
    absGammaStrike: argMaxAbs(cols.strikes, (s) => Math.abs(cols.callGex[s]!) + Math.abs(cols.putGex[s]!)),
  };
}

export interface MaxPain {
  /** ISO instant of the expiry */
  readonly expiry: string;
  /** settlement price (a listed strike) that minimises what holders are paid */
  readonly strike: number;
  /** total intrinsic value paid to holders at that settlement, USD */
  readonly payout: number;
}

/**
 * Max pain per expiry: the settlement price P, among that expiry's strikes, minimising
 * Σ_calls OI·m·max(P − K, 0) + Σ_puts OI·m·max(K − P, 0). The payout is piecewise linear with
 * kinks at the strikes, so its minimum sits on a strike. Ties go to the lower strike.
 */
export function maxPainByExpiry(chain: ColumnarChain): MaxPain[] {
  const result: MaxPain[] = [];
  const membersOf = optionsByExpiry(chain);
  for (let x = 0; x < chain.expiries.length; x++) {
    const members = membersOf[x]!;
    const m = members.length;
    if (m === 0) continue;
    // each member's strike, side, OI and multiplier once, so the candidate loop reads flat arrays
    const strike = new Float64Array(m);
    const isCall = new Uint8Array(m);
    const oi = new Float64Array(m);
    const multiplier = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const i = members[j]!;
      strike[j] = chain.strike[i]!;
      isCall[j] = chain.phi[i] === 1 ? 1 : 0;
      oi[j] = chain.openInterest[i]!;
      multiplier[j] = chain.multiplier[i]!;
    }
    const candidates = [...new Set(strike)].sort((a, b) => a - b);
    let bestStrike = Number.NaN;
    let bestPayout = Number.POSITIVE_INFINITY;
    for (const p of candidates) {
      // summed in option order, as the payout has always been, so the figure stays to the last digit
      let payout = 0;
      for (let j = 0; j < m; j++) {
        const intrinsic = isCall[j] === 1 ? p - strike[j]! : strike[j]! - p;
        if (intrinsic > 0) payout += intrinsic * oi[j]! * multiplier[j]!;
      }
      if (payout < bestPayout) {
        bestPayout = payout;
        bestStrike = p;
      }
    }
    result.push({ expiry: new Date(chain.expiries[x]!).toISOString(), strike: bestStrike, payout: bestPayout });
  }
  return result;
}

/** The options of each expiry, in option order: one pass over the chain, not one per expiry. */
function optionsByExpiry(chain: ColumnarChain): number[][] {
  const members: number[][] = Array.from({ length: chain.expiries.length }, () => []);
  for (let i = 0; i < chain.n; i++) members[chain.expiryIndex[i]!]!.push(i);
  return members;
}

export interface OiCluster {
  readonly strike: number;
  readonly totalOi: number;
  readonly callOi: number;
  readonly putOi: number;
  /** standard deviations above the mean strike OI in the band */
  readonly zScore: number;
  readonly side: 'call' | 'put' | 'mixed';
}

export const OI_CLUSTER_RULE =
  'strikes within the profile range whose total open interest (calls + puts, all expiries in view) is at least mean + 2 standard deviations of the strikes in that range; at most 8, largest first';

/** Strikes whose open interest stands out (see OI_CLUSTER_RULE). */
export function oiClusters(cols: StrikeColumns, band: { lo: number; hi: number }, zMin = 2, maxCount = 8): OiCluster[] {
  const idx: number[] = [];
  for (let s = 0; s < cols.strikes.length; s++) {
    const k = cols.strikes[s]!;
    if (k >= band.lo && k <= band.hi && cols.callOi[s]! + cols.putOi[s]! > 0) idx.push(s);
  }
  if (idx.length < 3) return [];
  const total = idx.map((s) => cols.callOi[s]! + cols.putOi[s]!);
  const mean = total.reduce((a, b) => a + b, 0) / total.length;
  const sd = Math.sqrt(total.reduce((a, b) => a + (b - mean) ** 2, 0) / total.length);
  if (sd === 0) return [];
  const clusters: OiCluster[] = [];
  idx.forEach((s, n) => {
    const z = (total[n]! - mean) / sd;
    if (z >= zMin) {
      const callOi = cols.callOi[s]!;
      const putOi = cols.putOi[s]!;
      const side = callOi >= 2 * putOi ? 'call' : putOi >= 2 * callOi ? 'put' : 'mixed';
      clusters.push({ strike: cols.strikes[s]!, totalOi: total[n]!, callOi, putOi, zScore: z, side });
    }
  });
  return clusters.sort((a, b) => b.totalOi - a.totalOi).slice(0, maxCount);
}
