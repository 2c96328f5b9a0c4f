import { ChainInputError, type ChainSnapshot, type OptionQuote, yearsBetween } from './types.js';

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
 * Legs' mid quotes as columns (expiry, strike, call or put, mid), grown by doubling: what put-call
 * parity reads, kept by a reader of tens of thousands of legs without an object per leg.
 */
export class MidQuotes {
  length = 0;
  expiry = new Float64Array(1024);
  strike = new Float64Array(1024);
  mid = new Float64Array(1024);
  isCall = new Uint8Array(1024);

  /** The quotes' mids (`markPrice`, NaN where there is none), in their order. */
  static of(quotes: readonly OptionQuote[]): MidQuotes {
    const out = new MidQuotes();
    for (const q of quotes) out.push(q.expiry, q.strike, q.type === 'C', q.markPrice ?? Number.NaN);
    return out;
  }

  push(expiry: number, strike: number, isCall: boolean, mid: number): void {
    if (this.length === this.expiry.length) this.grow();
    const i = this.length++;
    this.expiry[i] = expiry;
    this.strike[i] = strike;
    this.isCall[i] = isCall ? 1 : 0;
    this.mid[i] = mid;
  }

  private grow(): void {
    const n = this.expiry.length * 2;
    const expiry = new Float64Array(n);
    const strike = new Float64Array(n);
    const mid = new Float64Array(n);
    const isCall = new Uint8Array(n);
    expiry.set(this.expiry);
    strike.set(this.strike);
    mid.set(this.mid);
    isCall.set(this.isCall);
    Object.assign(this, { expiry, strike, mid, isCall });
  }
}

/**
 * Forward per expiry from put-call parity on mid quotes, as in Cboe's VIX method: at the strike K*
 * where |call mid − put mid| is smallest, F = K* + e^{rT}·(C − P). Only strikes with both a call and a
 * put mid (`markPrice`, set when bid and ask are both positive) count; an expiry with none, or whose
 * F is not positive, gets a reason instead (the caller falls back and counts it). Pure.
 */
export function impliedForwards(
  quotes: readonly OptionQuote[] | MidQuotes,
  { asOf, rate = 0 }: ImpliedForwardOptions,
): Map<number, ImpliedForward> {
  const legs = quotes instanceof MidQuotes ? quotes : MidQuotes.of(quotes);
  const byExpiry = new Map<number, Map<number, { call?: number; put?: number }>>();
  // legs come grouped by expiry: the last expiry's strikes are found without a lookup
  let lastExpiry = Number.NaN;
  let strikes: Map<number, { call?: number; put?: number }> | undefined;
  for (let i = 0; i < legs.length; i++) {
    const expiry = legs.expiry[i] as number;
    if (expiry !== lastExpiry || strikes === undefined) {
      strikes = byExpiry.get(expiry);
      if (strikes === undefined) {
        strikes = new Map();
        byExpiry.set(expiry, strikes);
      }
      lastExpiry = expiry;
    }
    const mid = legs.mid[i] as number;
    if (!(mid > 0) || !Number.isFinite(mid)) continue;
    const strike = legs.strike[i] as number;
    let pair = strikes.get(strike);
    if (pair === undefined) {
      pair = {};
      strikes.set(strike, pair);
    }
    if (legs.isCall[i] === 1) pair.call = mid;
    else pair.put = mid;
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

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The snapshot re-forwarded from put-call parity: each expiry of `snapshot.options` with a parity
 * forward (read from `quotes`, by default the snapshot's own legs) takes it, the others keep their
 * forward (spot·e^{(r−q)t} for a BSM chain) and are counted and listed; the model becomes Black-76
 * at the snapshot's rate, and `sourceConventions.forwardSource` says all of it. `why` is added to
 * the words (e.g. why the chain always uses it); with `maxDistance`, a parity forward that far from
 * spot falls back too, with its reason.
 */
export function withImpliedForwards(
  snapshot: ChainSnapshot,
  {
    quotes = snapshot.options,
    why = '',
    maxDistance,
  }: {
    readonly quotes?: readonly OptionQuote[] | MidQuotes;
    readonly why?: string;
    /** a parity forward further than this fraction from spot is not taken (stale or crossed quotes) */
    readonly maxDistance?: number;
  } = {},
): ChainSnapshot {
  const rate = snapshot.model.rate;
  const parity = impliedForwards(quotes, { asOf: snapshot.asOf, rate });
  if (maxDistance !== undefined) {
    for (const [expiry, f] of parity) {
      if ('forward' in f && Math.abs(f.forward / snapshot.spot - 1) > maxDistance) {
        const pct = ((f.forward / snapshot.spot - 1) * 100).toFixed(1);
        parity.set(expiry, {
          reason: `parity forward ${f.forward.toFixed(2)} at strike ${f.strike} is ${pct} % from spot, beyond ±${maxDistance * 100} %`,
        });
      }
    }
  }
  const live = [...new Set(snapshot.options.map((o) => o.expiry))].sort((a, b) => a - b);
  const fallbacks: string[] = [];
  for (const expiry of live) {
    const f = parity.get(expiry);
    if (f === undefined || !('forward' in f))
      fallbacks.push(`${day(expiry)} (${f?.reason ?? 'no leg quoted with a bid and an ask'})`);
  }
  const options = snapshot.options.map((o) => {
    const f = parity.get(o.expiry);
    return f !== undefined && 'forward' in f ? { ...o, forward: f.forward } : o;
  });
  const own = snapshot.model.kind === 'bsm' ? 'spot·e^{(r−q)t}' : 'their own forward';
  const fell = fallbacks.length === 0 ? '' : `; ${fallbacks.length} fell back to ${own}: ${fallbacks.join(', ')}`;
  const words = `put-call parity per expiry${why}: F = K* + e^{rT}(C − P) at the strike K* minimising |C − P| of mid quotes; ${live.length - fallbacks.length} of ${live.length} expiries implied${fell}`;
  return {
    ...snapshot,
    model: { kind: 'black76', rate },
    options,
    sourceConventions: { ...snapshot.sourceConventions, forwardSource: words },
  };
}

/** Expiries with a parity forward needed before spot is judged against them: fewer may be stale quotes. */
const MIN_PARITY_EXPIRIES = 3;

/**
 * Refuses a spot that the chain's own quotes contradict: the median over expiries of the parity
 * forward (impliedForwards) divided by spot must sit within `band` (the forward band of the
 * underlying). A spot in another unit (40.9 for 4,090) or of another index passes every strike and
 * forward check when the forwards are built from spot itself, and would map every option as far
 * out of the money; the quotes are the only evidence that says so. Needs parity forwards on at
 * least three expiries (after-hours downloads often have none); otherwise says nothing. Pure.
 */
export function checkSpotAgainstParity(
  quotes: readonly OptionQuote[] | MidQuotes,
  {
    asOf,
    rate = 0,
    spot,
    band,
    where,
  }: ImpliedForwardOptions & {
    readonly spot: number;
    readonly band: { readonly low: number; readonly high: number };
    readonly where: string;
  },
): void {
  const ratios = [...impliedForwards(quotes, { asOf, rate }).entries()]
    .filter(([expiry]) => expiry > asOf)
    .flatMap(([, f]) => ('forward' in f ? [f.forward / spot] : []))
    .sort((a, b) => a - b);
  if (ratios.length < MIN_PARITY_EXPIRIES) return;
  const mid = ratios.length >> 1;
  const median =
    ratios.length % 2 === 1 ? (ratios[mid] as number) : ((ratios[mid - 1] as number) + (ratios[mid] as number)) / 2;
  if (median >= band.low && median <= band.high) return;
  throw new ChainInputError(
    `${where}: spot (${spot}) disagrees with the quotes: the median put-call parity forward of ${ratios.length} expiries is ${+(median * spot).toPrecision(6)}, ${+median.toPrecision(3)}× spot, outside ${band.low}× … ${band.high}× (a spot in another unit or of another underlying)`,
    where,
    'spot',
  );
}
