import { distancePct } from '../regime.js';
import { failed, statusOf } from './logic.js';
import type { PlaybookInput, PlaybookThresholds, RuleCondition, RuleResult } from './types.js';

/**
 * Range / pin backdrop: dealers long gamma (net GEX ≥ 0) AND at least `rangeClustersMin` of the
 * report's OI clusters (mean + 2 sd rule) within ±rangeReachPct of spot. Names those levels.
 */
export function rangeBackdrop(input: PlaybookInput, th: PlaybookThresholds): RuleResult {
  const { spot, netGex } = input;
  const reach = input.oiClusters
    .filter((c) => Math.abs(distancePct(c.strike, spot)) <= th.rangeReachPct)
    .sort((a, b) => Math.abs(a.strike - spot) - Math.abs(b.strike - spot));
  const nearest = reach[0];
  const conditions: RuleCondition[] = [
    { name: 'net GEX ≥ 0 (dealers long gamma)', met: netGex >= 0 },
    {
      name: `at least ${th.rangeClustersMin} OI cluster(s) within ±${th.rangeReachPct} % of spot`,
      met: reach.length >= th.rangeClustersMin,
    },
  ];
  const status = statusOf(conditions);
  const levels = reach.map((c) => c.strike);
  const meaning =
    status === 'fired'
      ? `range / pin backdrop: dealers long gamma lean against moves and large OI at ${levels.map((k) => k.toLocaleString('en-US')).join(', ')} tends to draw and hold price; a backdrop for selling premium`
      : `no range backdrop: not met: ${failed(conditions)}`;
  return {
    rule: 'range-backdrop',
    status,
    inputs: {
      netGex,
      clustersWithinReach: reach.length,
      nearestClusterStrike: nearest ? nearest.strike : null,
      nearestClusterDistancePct: nearest ? distancePct(nearest.strike, spot) : null,
    },
    thresholds: { rangeReachPct: th.rangeReachPct, rangeClustersMin: th.rangeClustersMin },
    conditions,
    levels,
    meaning,
  };
}
