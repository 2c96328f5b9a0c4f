import type { ColumnarChain } from '../../chain/columnar.js';
import { normCdf } from '../../core/normal.js';

/** One out-of-the-money quote of an expiry's smile. */
export interface SmilePoint {
  readonly strike: number;
  /** puts below the forward, calls at or above it */
  readonly type: 'C' | 'P';
  /** ln(K / F) */
  readonly logMoneyness: number;
  /** Black-76 forward delta with the option's own vol: calls N(d1), puts N(d1) − 1 */
  readonly delta: number;
  readonly iv: number;
  /** contracts (summed when several listings share expiry, strike and type) */
  readonly openInterest: number;
}

export interface ExpirySmile {
  /** index into chain.expiries */
  readonly expiryIndex: number;
  /** the expiry's forward: mean of its options' forwards (Deribit quotes one per instrument; they agree to ~1e-5) */
  readonly forward: number;
  /** years */
  readonly t: number;
  /** OTM puts, strikes ascending (deltas from ~0 down to ~−0.5) */
  readonly puts: SmilePoint[];
  /** OTM calls, strikes ascending (deltas from ~0.5 down to ~0) */
  readonly calls: SmilePoint[];
}

export const SMILE_RULE =
  'out-of-the-money quotes only: puts with strike below the expiry forward, calls at or above it (the forward is the mean of the expiry’s option forwards); listings sharing expiry, strike and type (SPX and SPXW) are merged with their OI-weighted mean IV; open interest 0 rows are not in the chain';

/** Black-76 forward delta of one smile quote. */
function forwardDelta(type: 'C' | 'P', forward: number, strike: number, iv: number, t: number): number {
  const sd = iv * Math.sqrt(t);
  const d1 = Math.log(forward / strike) / sd + 0.5 * sd;
  return type === 'C' ? normCdf(d1) : -normCdf(-d1);
}

/** Options at most this many: the packed keys below stay exact integers (2^53). */
const PACKED_INDEX_BITS = 21;

/**
 * Option indices sorted by expiry, then strike, then type (puts first), ties in option order, so
 * that duplicates are neighbours: the order a stable sort by those three gives. Each option's
 * key (expiry, strike rank, type) and index are packed into one integer-valued double and the
 * doubles sorted as numbers, without a comparison function.
 */
export function byExpiryStrikeType(chain: ColumnarChain): Int32Array {
  const n = chain.n;
  const strikes = chain.strikes.length;
  const span = 2 ** PACKED_INDEX_BITS;
  if (n >= span || chain.expiries.length * strikes * 2 * span >= 2 ** 53) {
    const order = Array.from({ length: n }, (_, i) => i).sort(
      (a, b) =>
        chain.expiryIndex[a]! - chain.expiryIndex[b]! ||
        chain.strike[a]! - chain.strike[b]! ||
        chain.phi[a]! - chain.phi[b]!,
    );
    return Int32Array.from(order);
  }
  const packed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const key = (chain.expiryIndex[i]! * strikes + chain.strikeIndex[i]!) * 2 + (chain.phi[i] === 1 ? 1 : 0);
    packed[i] = key * span + i;
  }
  packed.sort();
  const order = new Int32Array(n);
  for (let k = 0; k < n; k++) order[k] = packed[k]! % span;
  return order;
}

/** The OTM smile of every expiry of a chain (see SMILE_RULE). */
export function smilesByExpiry(chain: ColumnarChain): ExpirySmile[] {
  const nExp = chain.expiries.length;
  const fwdSum = new Float64Array(nExp);
  const count = new Int32Array(nExp);
  const tOf = new Float64Array(nExp);
  for (let i = 0; i < chain.n; i++) {
    const e = chain.expiryIndex[i]!;
    fwdSum[e]! += chain.spot * chain.fwdRatio[i]!;
    count[e]!++;
    tOf[e] = chain.t[i]!;
  }
  const forward = Array.from(fwdSum, (s, e) => s / count[e]!);
  const order = byExpiryStrikeType(chain);
  const smiles: ExpirySmile[] = Array.from({ length: nExp }, (_, e) => ({
    expiryIndex: e,
    forward: forward[e]!,
    t: tOf[e]!,
    puts: [],
    calls: [],
  }));
  for (let p = 0; p < order.length; ) {
    const i = order[p]!;
    const e = chain.expiryIndex[i]!;
    const strike = chain.strike[i]!;
    const phi = chain.phi[i]!;
    let oi = 0;
    let ivOi = 0;
    let q = p;
    for (; q < order.length; q++) {
      const j = order[q]!;
      if (chain.expiryIndex[j] !== e || chain.strike[j] !== strike || chain.phi[j] !== phi) break;
      oi += chain.openInterest[j]!;
      ivOi += chain.iv[j]! * chain.openInterest[j]!;
    }
    p = q;
    const f = forward[e]!;
    const type = phi === 1 ? 'C' : 'P';
    const otm = type === 'C' ? strike >= f : strike < f;
    if (!otm || !(oi > 0)) continue;
    const iv = ivOi / oi;
    const point: SmilePoint = {
      strike,
      type,
      logMoneyness: Math.log(strike / f),
      delta: forwardDelta(type, f, strike, iv, tOf[e]!),
      iv,
      openInterest: oi,
    };
    (type === 'C' ? smiles[e]!.calls : smiles[e]!.puts).push(point);
  }
  return smiles;
}
