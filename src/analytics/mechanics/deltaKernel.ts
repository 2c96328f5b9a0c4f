import type { ColumnarChain } from '../../chain/columnar.js';
import { normCdf } from '../../core/normal.js';

/**
 * Per-option delta at a hypothetical spot S, sticky strike (own σ and t), forwards moving with spot:
 *   Δ_i(S) = A_i · φ_i · N(φ_i · d1_i(S)),   d1_i(S) = (ln S + d1Shift_i) / stdDev_i.
 * Black-76: Δ = ∂V/∂F per unit of the expiry's forward (dealers hedge with the matching future),
 * A = D = e^{−rt}. BSM: spot delta, A = e^{−qt} = D·fwdRatio (fwdRatio = e^{(r−q)t}).
 * Dealer units of underlying per unit of φ·N(φ·d1): q_i · m_i · A_i, A taken option by option (no
 * column of its own).
 */
export function dealerDeltaWeights(chain: ColumnarChain, q: Float64Array): Float64Array {
  const w = new Float64Array(chain.n);
  const bsm = chain.model.kind === 'bsm';
  for (let i = 0; i < chain.n; i++) {
    const a = bsm ? chain.discount[i]! * chain.fwdRatio[i]! : chain.discount[i]!;
    w[i] = q[i]! * chain.multiplier[i]! * a;
  }
  return w;
}

/** Dealers' delta in underlying units at spot S: Σ q·m·Δ (compensated sum; long calls and short puts cancel). */
export function dealerDeltaAt(chain: ColumnarChain, w: Float64Array, spot: number): number {
  const x = Math.log(spot);
  let sum = 0;
  let comp = 0;
  for (let i = 0; i < chain.n; i++) {
    const phi = chain.phi[i]!;
    const v = w[i]! * phi * normCdf((phi * (x + chain.d1Shift[i]!)) / chain.stdDev[i]!);
    const t = sum + v;
    comp += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + comp;
}
