import { type Bar, mergeBars } from '../core/bars.js';

/** A spot price at an instant: what a stored snapshot says the underlying traded at. */
export interface SpotPoint {
  /** ms since epoch */
  readonly asOf: number;
  readonly spot: number;
}

/** One bar of the spots: `t` its open time (ms since epoch, UTC), prices in the unit of the spots. */
export type Candle = Bar;

export const SNAPSHOT_CANDLES_RULE =
  'bars from the stored snapshots of the source’s venue and underlying: each bar (aligned on the UTC epoch, so daily bars open at 00:00 UTC) holds the spots of the snapshots taken in it, open the first, close the last, high and low the extremes; a bar without a snapshot is not drawn';

/**
 * The latest `count` bars of `minutes` over the snapshots' spots, oldest first. Points need not be
 * sorted; a point whose spot is not a positive finite number is refused naming its time.
 */
export function candlesFromSpots(points: readonly SpotPoint[], minutes: number, count: number): Candle[] {
  const sorted = [...points].sort((a, b) => a.asOf - b.asOf);
  const bars: Bar[] = [];
  for (const p of sorted) {
    if (!(p.spot > 0) || !Number.isFinite(p.spot))
      throw new RangeError(`snapshot at ${new Date(p.asOf).toISOString()}: spot (${p.spot}) must be a positive price`);
    bars.push({ t: p.asOf, open: p.spot, high: p.spot, low: p.spot, close: p.spot });
  }
  return mergeBars(bars, minutes).slice(-count);
}
