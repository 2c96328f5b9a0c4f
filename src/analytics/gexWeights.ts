import type { ColumnarChain } from '../chain/columnar.js';

const INV_SQRT_2PI = 0.3989422804014327;

/**
 * Per-option weight w_i such that the option's GEX at hypothetical spot S is
 * S·w_i·exp(−d1_i(S)²/2): w_i = q_i·m_i·gammaScale_i·0.01/√(2π).
 * GEX = q·m·Γ·S²·0.01 (USD of dealer delta change per 1 % move); computed once per chain and positioning.
 */
export function gexWeights(chain: ColumnarChain, q: Float64Array): Float64Array {
  const w = new Float64Array(chain.n);
  for (let i = 0; i < chain.n; i++) {
    w[i] = q[i]! * chain.multiplier[i]! * chain.gammaScale[i]! * 0.01 * INV_SQRT_2PI;
  }
  return w;
}

/** GEX of every option at spot S (USD per 1 % move), into `out`. */
export function gexPerOption(
  chain: ColumnarChain,
  w: Float64Array,
  spot: number,
  out = new Float64Array(chain.n),
): Float64Array {
  const x = Math.log(spot);
  for (let i = 0; i < chain.n; i++) {
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    out[i] = spot * w[i]! * Math.exp(-0.5 * d1 * d1);
  }
  return out;
}

/**
 * Net GEX at hypothetical spot S, every option re-priced at S with its own σ and t (sticky strike),
 * forwards moved with spot. Compensated sum: near a flip the terms cancel.
 */
export function netGexAt(chain: ColumnarChain, w: Float64Array, spot: number): number {
  const x = Math.log(spot);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < chain.n; i++) {
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    const v = w[i]! * Math.exp(-0.5 * d1 * d1);
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return spot * (sum + comp);
}
