/** A spot price at an instant: what a stored snapshot says the underlying traded at. */
export interface SpotPoint {
  /** ms since epoch */
  readonly asOf: number;
  readonly spot: number;
}

/** One bar: `t` its open time (ms since epoch, UTC), prices in the unit of the spots. */
export interface Candle {
  readonly t: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
}

export const SNAPSHOT_CANDLES_RULE =
  'bars from the stored snapshots of the source’s venue and underlying: each bar (aligned on the UTC epoch, so daily bars open at 00:00 UTC) holds the spots of the snapshots taken in it, open the first, close the last, high and low the extremes; a bar without a snapshot is not drawn';

/**
 * The latest `count` bars of `minutes` over the snapshots' spots, oldest first. Points need not be
 * sorted; a point whose spot is not a positive finite number is refused naming its time.
 */
export function candlesFromSpots(points: readonly SpotPoint[], minutes: number, count: number): Candle[] {
  const ms = minutes * 60_000;
  const sorted = [...points].sort((a, b) => a.asOf - b.asOf);
  const out: Candle[] = [];
  for (const p of sorted) {
    if (!(p.spot > 0) || !Number.isFinite(p.spot))
      throw new RangeError(`snapshot at ${new Date(p.asOf).toISOString()}: spot (${p.spot}) must be a positive price`);
    const t = Math.floor(p.asOf / ms) * ms;
    const last = out[out.length - 1];
    if (last !== undefined && last.t === t) {
      out[out.length - 1] = {
        t,
        open: last.open,
        high: Math.max(last.high, p.spot),
        low: Math.min(last.low, p.spot),
        close: p.spot,
      };
    } else out.push({ t, open: p.spot, high: p.spot, low: p.spot, close: p.spot });
  }
  return out.slice(-count);
}
