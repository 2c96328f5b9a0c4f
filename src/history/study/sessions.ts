import type { PriceBar, PriceSeries } from '../../sources/prices/types.js';
import type { SummaryPoint } from '../../store/types.js';
import { closeToClose, garmanKlass, parkinson } from './measures.js';

/** One stored snapshot with the session after it and what that session's prices did. */
export interface StudySession {
  readonly venue: string;
  readonly underlying: string;
  readonly asOf: number;
  /** date of the session the snapshot was taken in or after (the last session open at or before asOf) */
  readonly session: string | null;
  /** date of the next session: the first whose open is after asOf */
  readonly nextSession: string;
  /** its open instant, epoch ms */
  readonly nextSessionOpen: number;
  readonly spot: number;
  readonly netGex: number;
  readonly regime: 'positive' | 'negative';
  readonly nearestFlip: number | null;
  readonly distanceToFlipPct: number | null;
  readonly callWall: number | null;
  readonly putWall: number | null;
  /** the next session's close, open, high and low */
  readonly close: number;
  readonly rvCloseToClose: number | null;
  readonly rvParkinson: number;
  readonly rvGarmanKlass: number;
  readonly rvFiveMinute: number | null;
  /** index of the next session in the price series (for the HAR terms) */
  readonly barIndex: number;
}

/** Index of the first bar whose open is after `t` (bars.length when none): equality is not after. */
export function firstOpenAfter(bars: readonly PriceBar[], t: number): number {
  let lo = 0;
  let hi = bars.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((bars[mid] as PriceBar).t > t) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The close-to-close vol of bar `i`, or null when it has no previous close (first bar, after a gap). */
export function closeToCloseAt(prices: PriceSeries, i: number): number | null {
  if (!prices.hasPreviousClose[i]) return null;
  return closeToClose((prices.bars[i] as PriceBar).close, (prices.bars[i - 1] as PriceBar).close);
}

/**
 * Every snapshot with a next session in the prices, in asOf order; several snapshots may share one
 * next session and are all kept. Snapshots after the last session's open are counted, not kept.
 * Also every snapshot in asOf order with the index of its next session's bar (bars.length when it
 * has none), so that the study finds each next session once.
 */
export function studySessions(
  points: readonly SummaryPoint[],
  prices: PriceSeries,
): { sessions: StudySession[]; noNextSession: number; sorted: SummaryPoint[]; next: Int32Array } {
  const out: StudySession[] = [];
  let noNextSession = 0;
  const sorted = [...points].sort((a, b) => a.asOf - b.asOf);
  const next = new Int32Array(sorted.length);
  for (const [i, p] of sorted.entries()) {
    const j = firstOpenAfter(prices.bars, p.asOf);
    next[i] = j;
    const bar = prices.bars[j];
    if (bar === undefined) {
      noNextSession++;
      continue;
    }
    out.push({
      venue: p.venue,
      underlying: p.underlying,
      asOf: p.asOf,
      session: j > 0 ? (prices.bars[j - 1] as PriceBar).date : null,
      nextSession: bar.date,
      nextSessionOpen: bar.t,
      spot: p.spot,
      netGex: p.netGex,
      regime: p.regime,
      nearestFlip: p.nearestFlip,
      distanceToFlipPct: p.distanceToFlipPct,
      callWall: p.callWall,
      putWall: p.putWall,
      close: bar.close,
      rvCloseToClose: closeToCloseAt(prices, j),
      rvParkinson: parkinson(bar),
      rvGarmanKlass: garmanKlass(bar),
      rvFiveMinute: bar.rv5m ?? null,
      barIndex: j,
    });
  }
  return { sessions: out, noNextSession, sorted, next };
}
