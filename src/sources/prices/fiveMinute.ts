const FIVE_MINUTES = 300_000;
const SQRT_252 = Math.sqrt(252);

export const FIVE_MINUTE_RULE =
  'sqrt(Σ r²) × √252 over the session: the bars fall into 5-minute buckets counted from the session open, each bucket’s close is its last bar’s close, r = ln of one bucket close over the one before (the first over the session’s open)';

/** 5-minute realised vol of one session's bars (in time order; see FIVE_MINUTE_RULE). */
export function fiveMinuteRv(
  sessionOpen: number,
  openPrice: number,
  bars: readonly { readonly t: number; readonly close: number }[],
): number {
  let sum = 0;
  let previous = openPrice;
  for (let i = 0; i < bars.length; i++) {
    const bar = bars[i] as { t: number; close: number };
    const bucket = Math.floor((bar.t - sessionOpen) / FIVE_MINUTES);
    const next = bars[i + 1];
    // the last bar of its bucket closes the bucket
    if (next !== undefined && Math.floor((next.t - sessionOpen) / FIVE_MINUTES) === bucket) continue;
    const r = Math.log(bar.close / previous);
    sum += r * r;
    previous = bar.close;
  }
  return Math.sqrt(sum) * SQRT_252;
}
