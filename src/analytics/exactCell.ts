import type { ColumnarChain } from '../chain/columnar.js';

/**
 * What one exact pass over the options says about G(x) = Σ_i w_i·exp(−d1_i(x)²/2) on a cell
 * [ln sa, ln sb] (net GEX is S·G). Filled in place: the search reuses one.
 */
export interface CellScan {
  /** G at the two ends, summed as netGexAt sums it (so netGexAt(s) = s·G(ln s) exactly) */
  ga: number;
  gb: number;
  /** bounds of G over the cell */
  lo: number;
  hi: number;
  /** bounds of dG/dx over the cell (x = ln S) */
  dLo: number;
  dHi: number;
  /** rounding allowance of ga, gb, lo and hi */
  slack: number;
  /** rounding allowance of dLo and dHi */
  dSlack: number;
}

export function emptyCellScan(): CellScan {
  return { ga: 0, gb: 0, lo: 0, hi: 0, dLo: 0, dHi: 0, slack: 0, dSlack: 0 };
}

/** max over d of −d·exp(−d²/2), at d = −1 */
const PSI_MAX = Math.exp(-0.5);

/**
 * Per option, exactly: with d linear in x, g = exp(−d²/2) is unimodal, so over the cell it lies in
 * [min(g_a, g_b), max(g_a, g_b)], or up to 1 when d = 0 falls inside; and dg/dx = ψ(d)/σ√t with
 * ψ(d) = −d·exp(−d²/2), which falls on [−1, 1] and rises outside it, so its range is that of its
 * ends widened to ψ(1) = −e^{−1/2} or ψ(−1) = e^{−1/2} when ±1 falls inside. Each range is scaled by
 * w_i (or w_i/σ√t) and summed. Rounding: d carries 2ε relative error, so exp(−d²/2) carries about
 * (3d² + 3)ε, and a sum of n terms nε of Σ|terms|; the slack doubles that.
 */
export function scanCell(chain: ColumnarChain, w: Float64Array, sa: number, sb: number, out: CellScan): CellScan {
  const xa = Math.log(sa);
  const xb = Math.log(sb);
  let sumA = 0;
  let compA = 0;
  let sumB = 0;
  let compB = 0;
  let lo = 0;
  let hi = 0;
  let dLo = 0;
  let dHi = 0;
  let absV = 0;
  let errV = 0;
  let absD = 0;
  let errD = 0;
  for (let i = 0; i < chain.n; i++) {
    const wi = w[i]!;
    const sd = chain.stdDev[i]!;
    const shift = chain.d1Shift[i]!;
    const da = (xa + shift) / sd;
    const db = (xb + shift) / sd;
    const ga = Math.exp(-0.5 * da * da);
    const gb = Math.exp(-0.5 * db * db);
    // the same compensated sums as netGexAt, term by term
    const va = wi * ga;
    const ta = sumA + va;
    compA += Math.abs(sumA) >= Math.abs(va) ? sumA - ta + va : va - ta + sumA;
    sumA = ta;
    const vb = wi * gb;
    const tb = sumB + vb;
    compB += Math.abs(sumB) >= Math.abs(vb) ? sumB - tb + vb : vb - tb + sumB;
    sumB = tb;

    const gMin = Math.min(ga, gb);
    const gEnd = Math.max(ga, gb);
    const gMax = da <= 0 && db >= 0 ? 1 : gEnd;
    if (wi > 0) {
      lo += wi * gMin;
      hi += wi * gMax;
    } else {
      lo += wi * gMax;
      hi += wi * gMin;
    }
    const d2 = Math.max(da * da, db * db);
    const aw = Math.abs(wi);
    absV += aw * gMax;
    errV += aw * gEnd * d2;

    const pa = -da * ga;
    const pb = -db * gb;
    let pLo = Math.min(pa, pb);
    let pHi = Math.max(pa, pb);
    if (da <= 1 && db >= 1) pLo = -PSI_MAX;
    if (da <= -1 && db >= -1) pHi = PSI_MAX;
    const k = wi / sd;
    if (k > 0) {
      dLo += k * pLo;
      dHi += k * pHi;
    } else {
      dLo += k * pHi;
      dHi += k * pLo;
    }
    const ak = Math.abs(k);
    absD += ak * Math.max(-pLo, pHi);
    errD += ak * Math.max(Math.abs(pa), Math.abs(pb)) * d2;
  }
  const n = chain.n + 8;
  out.ga = sumA + compA;
  out.gb = sumB + compB;
  out.lo = lo;
  out.hi = hi;
  out.dLo = dLo;
  out.dHi = dHi;
  out.slack = 2 * Number.EPSILON * (n * absV + 4 * errV);
  out.dSlack = 2 * Number.EPSILON * (n * absD + 4 * errD);
  return out;
}
