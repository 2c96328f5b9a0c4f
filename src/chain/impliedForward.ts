import { type OptionQuote, yearsBetween } from './types.js';

/** An expiry's forward from put-call parity, or why the quotes could not give one. */
export type ImpliedForward =
  | { readonly forward: number; readonly strike: number; readonly callMid: number; readonly putMid: number }
  | { readonly reason: string };

export interface ImpliedForwardOptions {
  readonly asOf: number;
  /** continuously compounded rate of the discount e^{−rT}; default 0 */
  readonly rate?: number;
}

/**
 * Forward per expiry from put-call parity on mid quotes, as in Cboe's VIX method: at the strike K*
 * where |call mid − put mid| is smallest, F = K* + e^{rT}·(C − P). Only strikes with both a call and a
 * put mid (`markPrice`, set when bid and ask are both positive) count; an expiry with none, or whose
 * F is not positive, gets a reason instead (the caller falls back and counts it). Pure.
 */
export function impliedForwards(
  quotes: readonly OptionQuote[],
  { asOf, rate = 0 }: ImpliedForwardOptions,
): Map<number, ImpliedForward> {
  const byExpiry = new Map<number, Map<number, { call?: number; put?: number }>>();
  for (const q of quotes) {
    if (!byExpiry.has(q.expiry)) byExpiry.set(q.expiry, new Map());
    const mid = q.markPrice;
    if (mid === undefined || !(mid > 0) || !Number.isFinite(mid)) continue;
    const strikes = byExpiry.get(q.expiry) as Map<number, { call?: number; put?: number }>;
    const pair = strikes.get(q.strike) ?? {};
    if (q.type === 'C') pair.call = mid;
    else pair.put = mid;
    strikes.set(q.strike, pair);
  }
  const out = new Map<number, ImpliedForward>();
  for (const [expiry, strikes] of byExpiry) {
    let best: { strike: number; callMid: number; putMid: number } | undefined;
    for (const [strike, { call, put }] of strikes) {
      if (call === undefined || put === undefined) continue;
      const gap = Math.abs(call - put);
      if (
        best === undefined ||
        gap < Math.abs(best.callMid - best.putMid) ||
        (gap === Math.abs(best.callMid - best.putMid) && strike < best.strike)
      ) {
        best = { strike, callMid: call, putMid: put };
      }
    }
    if (best === undefined) {
      out.set(expiry, { reason: 'no strike with both a call and a put mid quote (bid and ask both positive)' });
      continue;
    }
    const t = Math.max(0, yearsBetween(asOf, expiry));
    const forward = best.strike + Math.exp(rate * t) * (best.callMid - best.putMid);
    out.set(
      expiry,
      forward > 0 && Number.isFinite(forward)
        ? { forward, ...best }
        : { reason: `parity at strike ${best.strike} gives a forward of ${forward}, not a price` },
    );
  }
  return out;
}
