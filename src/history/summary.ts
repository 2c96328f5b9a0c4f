import { DEFAULT_REPORT_OPTIONS } from '../analytics/gexReport.js';
import { gexHeadline } from '../analytics/headline.js';
import { positionedView } from '../analytics/positionedView.js';
import type { ChainSnapshot } from '../chain/types.js';
import type { SnapshotRecord, SnapshotSummary } from '../store/types.js';
import { expiryPins, PINS_TIME_ZONE } from './study/pinning.js';

/**
 * The stored summary of a snapshot: classic positioning, all expiries, flips within ±20 % of spot.
 * Computed here, by the writer (recorder, import); the store keeps it as given and never runs analytics.
 * It is the default report's headline, computed without the rest of the report (max pain, clusters,
 * rows by strike and expiry), which a bulk import would pay for on every chain and never store.
 */
export function summarizeSnapshot(snapshot: ChainSnapshot): SnapshotSummary {
  const { chain, q } = positionedView(snapshot, DEFAULT_REPORT_OPTIONS);
  const h = gexHeadline(chain, q, DEFAULT_REPORT_OPTIONS);
  return {
    spot: snapshot.spot,
    netGex: h.netGex,
    callGex: h.callGex,
    putGex: h.putGex,
    regime: h.regime,
    flips: h.gammaFlips,
    nearestFlip: h.nearestFlip,
    distanceToFlipPct: h.distanceToFlipPct,
    callWall: h.callWall,
    putWall: h.putWall,
    options: chain.n,
  };
}

/** A snapshot with its summary and its pins (expiries dated in PINS_TIME_ZONE), as the store writes it. */
export function recordOf(snapshot: ChainSnapshot): SnapshotRecord {
  return { snapshot, summary: summarizeSnapshot(snapshot), pins: expiryPins(snapshot, PINS_TIME_ZONE) };
}
