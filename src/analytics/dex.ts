import type { ColumnarChain } from '../chain/columnar.js';
import { normCdf } from '../core/normal.js';
import { dealerDeltaWeights } from './mechanics/deltaKernel.js';

/** Dealer delta exposure of one strike, USD of underlying the dealers hold (+ long / − short). */
export interface DexRow {
  readonly strike: number;
  readonly callDex: number;
  readonly putDex: number;
  readonly netDex: number;
}

/** Dealer delta exposure (DEX) of a chain at spot. */
export interface Dex {
  /** Σ q·m·Δ·S over every option, USD; + dealers long the underlying */
  readonly netUsd: number;
  readonly byStrike: DexRow[];
}

export function dexRule(kind: 'black76' | 'bsm'): string {
  const delta =
    kind === 'black76'
      ? 'Black-76 Δ = ∂V/∂F per unit of the option’s own forward, as the hedge flow uses'
      : 'BSM spot Δ';
  return `DEX of one option q × m × Δ × S (${delta}): USD of underlying the dealers hold through their options, + long / − short; dex.byStrike sums calls and puts of every expiry in view per strike, and dex.netUsd equals hedgeFlow.dealerDeltaUsd`;
}

/** DEX per option at spot, scattered into the chain's distinct strikes. */
export function dealerDex(
  chain: ColumnarChain,
  q: Float64Array,
  /** dealerDeltaWeights(chain, q), when at hand */
  w = dealerDeltaWeights(chain, q),
): Dex {
  const x = Math.log(chain.spot);
  const k = chain.strikes.length;
  const call = new Float64Array(k);
  const put = new Float64Array(k);
  // compensated: long calls and short puts cancel
  let net = 0;
  let comp = 0;
  for (let i = 0; i < chain.n; i++) {
    // φ·N(φ·d1) at spot, taken here without a column of its own
    const phi = chain.phi[i]!;
    const cdf = phi * normCdf(phi * ((x + chain.d1Shift[i]!) / chain.stdDev[i]!));
    const usd = w[i]! * cdf * chain.spot;
    const t = net + usd;
    comp += Math.abs(net) >= Math.abs(usd) ? net - t + usd : usd - t + net;
    net = t;
    if (chain.phi[i] === 1) call[chain.strikeIndex[i]!]! += usd;
    else put[chain.strikeIndex[i]!]! += usd;
  }
  return {
    netUsd: net + comp,
    byStrike: Array.from(chain.strikes, (strike, s) => ({
      strike,
      callDex: call[s]!,
      putDex: put[s]!,
      netDex: call[s]! + put[s]!,
    })),
  };
}
