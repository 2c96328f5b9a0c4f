/** One price bar: `t` its open time (ms since epoch, UTC), prices in the unit of what it prices. */
export interface Bar {
  readonly t: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

/**
 * Bars of `minutes` merged from shorter ones in time order (a single price is a bar whose open,
 * high, low and close are that price): each group aligned on the epoch (UTC), open the first's,
 * close the last's, high and low the extremes.
 */
export function mergeBars(bars: readonly Bar[], minutes: number): Bar[] {
  const ms = minutes * 60_000;
  const out: Bar[] = [];
  for (const b of bars) {
    const t = Math.floor(b.t / ms) * ms;
    const last = out[out.length - 1];
    if (last !== undefined && last.t === t) {
      out[out.length - 1] = {
        t,
        open: last.open,
        high: Math.max(last.high, b.high),
        low: Math.min(last.low, b.low),
        close: b.close,
      };
    } else out.push({ t, open: b.open, high: b.high, low: b.low, close: b.close });
  }
  return out;
}
