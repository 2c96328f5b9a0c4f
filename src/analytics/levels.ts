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
 *
 * The payout at every strike comes first from running sums (P·ΣOI·m − ΣOI·m·K), with a bound on
 * its rounding; only the strikes that the bound cannot rule out are then summed term by term in
 * option order, as the payout has always been summed, so the figure stays to the last digit and
 * an expiry costs a sort, not strikes × options.
 */
export function maxPainByExpiry(chain: ColumnarChain): MaxPain[] {
  const result: MaxPain[] = [];
  const membersOf = optionsByExpiry(chain);
  // rank of each of the chain's strikes among an expiry's: filled and read per expiry
  const rankOf = new Int32Array(chain.strikes.length);
  for (let x = 0; x < chain.expiries.length; x++) {
    const members = membersOf[x]!;
    if (members.length === 0) continue;
    const { strike, payout } = expiryMaxPain(chain, members, rankOf);
    result.push({ expiry: new Date(chain.expiries[x]!).toISOString(), strike, payout });
  }
  return result;
}

/** The payout at settlement p summed term by term in option order (the figure max pain reports). */
function payoutAt(chain: ColumnarChain, members: readonly number[], p: number): number {
  let payout = 0;
  for (const i of members) {
    const k = chain.strike[i]!;
    const intrinsic = chain.phi[i] === 1 ? p - k : k - p;
    if (intrinsic > 0) payout += intrinsic * chain.openInterest[i]! * chain.multiplier[i]!;
  }
  return payout;
}

/** Unit roundoff of binary64. */
const UNIT_ROUNDOFF = 2 ** -53;

/**
 * The expiry's distinct strikes, ascending, each as the chain's `strikes` entry (the same value as
 * its options' strike), and each chain strike's rank among them in `rankOf`: the chain's strike
 * indices sorted as integers instead of the strikes through a Set and a comparison sort.
 */
function expiryStrikes(chain: ColumnarChain, members: readonly number[], rankOf: Int32Array): Float64Array {
  const idx = new Int32Array(members.length);
  for (let m = 0; m < members.length; m++) idx[m] = chain.strikeIndex[members[m]!]!;
  idx.sort();
  let c = 0;
  for (let m = 0; m < idx.length; m++) if (m === 0 || idx[m] !== idx[m - 1]) idx[c++] = idx[m]!;
  const strikes = new Float64Array(c);
  for (let r = 0; r < c; r++) {
    strikes[r] = chain.strikes[idx[r]!]!;
    rankOf[idx[r]!] = r;
  }
  return strikes;
}

function expiryMaxPain(
  chain: ColumnarChain,
  members: readonly number[],
  rankOf: Int32Array,
): { strike: number; payout: number } {
  const candidates = expiryStrikes(chain, members, rankOf);
  const c = candidates.length;
  // per strike: Σ OI·m and Σ OI·m·K of its calls and of its puts
  const callW = new Float64Array(c);
  const callWK = new Float64Array(c);
  const putW = new Float64Array(c);
  const putWK = new Float64Array(c);
  let bounded = true;
  for (const i of members) {
    const k = chain.strike[i]!;
    const size = chain.openInterest[i]! * chain.multiplier[i]!;
    if (!(Number.isFinite(size) && size >= 0 && Number.isFinite(k) && k >= 0)) bounded = false;
    const r = rankOf[chain.strikeIndex[i]!]!;
    if (chain.phi[i] === 1) {
      callW[r]! += size;
      callWK[r]! += size * k;
    } else {
      putW[r]! += size;
      putWK[r]! += size * k;
    }
  }
  // approximate payout and its rounding bound at each strike: calls below it, puts above it
  const approx = new Float64Array(c);
  const margin = new Float64Array(c);
  const slack = 8 * (members.length + 4) * UNIT_ROUNDOFF;
  let below = 0;
  let belowK = 0;
  for (let r = 0; r < c; r++) {
    const p = candidates[r]!;
    approx[r] = p * below - belowK;
    margin[r] = p * below + belowK;
    below += callW[r]!;
    belowK += callWK[r]!;
  }
  let above = 0;
  let aboveK = 0;
  for (let r = c - 1; r >= 0; r--) {
    const p = candidates[r]!;
    approx[r]! += aboveK - p * above;
    margin[r] = slack * (margin[r]! + aboveK + p * above);
    above += putW[r]!;
    aboveK += putWK[r]!;
  }
  // the reported minimum is at most the least upper bound; a strike whose lower bound exceeds it is out
  let ceiling = Number.POSITIVE_INFINITY;
  for (let r = 0; r < c; r++) ceiling = Math.min(ceiling, approx[r]! + margin[r]!);
  let bestStrike = Number.NaN;
  let bestPayout = Number.POSITIVE_INFINITY;
  for (let r = 0; r < c; r++) {
    if (bounded && Number.isFinite(ceiling) && approx[r]! - margin[r]! > ceiling) continue;
    const p = candidates[r]!;
    const payout = payoutAt(chain, members, p);
    if (payout < bestPayout) {
      bestPayout = payout;
      bestStrike = p;
    }
  }
  return { strike: bestStrike, payout: bestPayout };
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
