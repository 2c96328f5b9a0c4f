import type { ColumnarChain } from '../../chain/columnar.js';
import { normCdf } from '../../core/normal.js';

/**
 * Per-option delta at a hypothetical spot S, sticky strike (own σ and t), forwards moving with spot:
 *   Δ_i(S) = A_i · φ_i · N(φ_i · d1_i(S)),   d1_i(S) = (ln S + d1Shift_i) / stdDev_i.
 * Black-76: Δ = ∂V/∂F per unit of the expiry's forward (dealers hedge with the matching future),
 * A = D = e^{−rt}. BSM: spot delta, A = e^{−qt} = D·fwdRatio (fwdRatio = e^{(r−q)t}).
 */
function deltaScale(chain: ColumnarChain): Float64Array {
  const a = new Float64Array(chain.n);
  const bsm = chain.model.kind === 'bsm';
  for (let i = 0; i < chain.n; i++) a[i] = bsm ? chain.discount[i]! * chain.fwdRatio[i]! : chain.discount[i]!;
  return a;
}

/** Dealer units of underlying per unit of φ·N(φ·d1): q_i · m_i · A_i. */
export function dealerDeltaWeights(chain: ColumnarChain, q: Float64Array): Float64Array {
  const a = deltaScale(chain);
  const w = new Float64Array(chain.n);
  for (let i = 0; i < chain.n; i++) w[i] = q[i]! * chain.multiplier[i]! * a[i]!;
  return w;
}

/** φ·N(φ·d1) of every option at spot S, into `out` (the tail stays exact for deep OTM/ITM options). */
export function signedCdfAt(chain: ColumnarChain, spot: number, out = new Float64Array(chain.n)): Float64Array {
  const x = Math.log(spot);
  for (let i = 0; i < chain.n; i++) {
    const phi = chain.phi[i]!;
    const d1 = (x + chain.d1Shift[i]!) / chain.stdDev[i]!;
    out[i] = phi * normCdf(phi * d1);
  }
  return out;
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
