import type { ColumnarChain } from '../../chain/columnar.js';
import { type ExpirySmile, type SmilePoint, smilesByExpiry } from './smile.js';

/** ATM vol, 25-delta risk reversal and butterfly of one expiry, with its smile. */
export interface ExpirySkew {
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly forward: number;
  /** IV at K = F, linear in log-moneyness between the nearest OTM put and OTM call; null when a side is empty */
  readonly atmIv: number | null;
  /** IV at call delta +0.25, linear in delta between the two OTM calls around it */
  readonly call25Iv: number | null;
  /** IV at put delta −0.25, linear in delta between the two OTM puts around it */
  readonly put25Iv: number | null;
  /** call25Iv − put25Iv */
  readonly rr25: number | null;
  /** (call25Iv + put25Iv)/2 − atmIv */
  readonly bf25: number | null;
  /** why a value is null ("not enough data"), one sentence each; empty when all are there */
  readonly reasons: string[];
  /** OTM quotes, strikes ascending: puts then calls */
  readonly smile: SmilePoint[];
}

export interface TermPoint {
  readonly expiry: string;
  readonly daysToExpiry: number;
  readonly atmIv: number | null;
}

export interface SkewReport {
  readonly expiries: ExpirySkew[];
  /** ATM IV against days to expiry */
  readonly termStructure: TermPoint[];
}

export const SKEW_RULE =
  'ATM IV: linear in log-moneyness ln(K/F) between the highest OTM put and the lowest OTM call, at K = F. 25-delta: IV linear in Black-76 forward delta (calls N(d1), puts N(d1) − 1, each option’s own IV) between the two neighbouring OTM quotes that enclose +0.25 (calls) or −0.25 (puts), walking out from the forward; no extrapolation: a side without two quotes around the target is "not enough data" (null + reason). RR = σ25C − σ25P; BF = (σ25C + σ25P)/2 − σATM; vols in decimal (0.01 = 1 vol point)';

function lerp(x0: number, y0: number, x1: number, y1: number, x: number): number {
  if (x1 === x0) return 0.5 * (y0 + y1);
  return y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/**
 * IV at `target` delta on one side, walking out from the forward (`points` ordered nearest the
 * forward first): the first neighbouring pair whose deltas enclose the target.
 */
function ivAtDelta(points: readonly SmilePoint[], target: number, side: string): number | string {
  if (points.length < 2) return `${side}: ${points.length} OTM quote(s), need 2 around delta ${target}`;
  for (let j = 0; j + 1 < points.length; j++) {
    const a = points[j]!;
    const b = points[j + 1]!;
    if ((a.delta - target) * (b.delta - target) <= 0) return lerp(a.delta, a.iv, b.delta, b.iv, target);
  }
  const first = points[0]!.delta;
  const last = points[points.length - 1]!.delta;
  return `${side}: OTM deltas run from ${first.toFixed(3)} to ${last.toFixed(3)} and never reach ${target}`;
}

function atmIv(smile: ExpirySmile): number | string {
  const put = smile.puts[smile.puts.length - 1];
  const call = smile.calls[0];
  if (call !== undefined && call.logMoneyness === 0) return call.iv;
  if (put === undefined || call === undefined) {
    return `ATM: no OTM ${put === undefined ? 'put below' : 'call above'} the forward`;
  }
  return lerp(put.logMoneyness, put.iv, call.logMoneyness, call.iv, 0);
}

function expirySkew(chain: ColumnarChain, smile: ExpirySmile): ExpirySkew {
  const reasons: string[] = [];
  const value = (v: number | string): number | null => {
    if (typeof v === 'string') {
      reasons.push(v);
      return null;
    }
    return v;
  };
  const atm = value(atmIv(smile));
  const call25 = value(ivAtDelta(smile.calls, 0.25, 'calls'));
  const put25 = value(ivAtDelta([...smile.puts].reverse(), -0.25, 'puts'));
  const expiry = chain.expiries[smile.expiryIndex]!;
  return {
    expiry: new Date(expiry).toISOString(),
    daysToExpiry: (expiry - chain.asOf) / 86_400_000,
    forward: smile.forward,
    atmIv: atm,
    call25Iv: call25,
    put25Iv: put25,
    rr25: call25 !== null && put25 !== null ? call25 - put25 : null,
    bf25: call25 !== null && put25 !== null && atm !== null ? 0.5 * (call25 + put25) - atm : null,
    reasons,
    smile: [...smile.puts, ...smile.calls],
  };
}

/** Skew and term structure of every expiry of a chain (see SKEW_RULE). */
export function skewReport(chain: ColumnarChain): SkewReport {
  const expiries = smilesByExpiry(chain).map((s) => expirySkew(chain, s));
  return {
    expiries,
    termStructure: expiries.map(({ expiry, daysToExpiry, atmIv }) => ({ expiry, daysToExpiry, atmIv })),
  };
}
