import { buildGexReport } from '../analytics/gexReport.js';
import type { ChainSnapshot } from '../chain/types.js';
import type { SnapshotRecord, SnapshotSummary } from '../store/types.js';

/**
 * The stored summary of a snapshot: classic positioning, all expiries, flips within ±20 % of spot.
 * Computed here, by the writer (recorder, import); the store keeps it as given and never runs analytics.
 */
export function summarizeSnapshot(snapshot: ChainSnapshot): SnapshotSummary {
  const r = buildGexReport(snapshot);
  return {
    spot: r.spot,
    netGex: r.netGex,
    callGex: r.callGex,
    putGex: r.putGex,
    regime: r.regime,
    flips: r.gammaFlips,
    nearestFlip: r.nearestFlip,
    distanceToFlipPct: r.distanceToFlipPct,
    callWall: r.callWall,
    putWall: r.putWall,
    options: r.counts.options,
  };
}

/** A snapshot with its summary, as the store writes it. */
export function recordOf(snapshot: ChainSnapshot): SnapshotRecord {
  return { snapshot, summary: summarizeSnapshot(snapshot) };
}
