import { failed, largestInBand, missing, oiInBand, statusOf } from './logic.js';
import type { PlaybookInput, PlaybookThresholds, RuleCondition, RuleResult } from './types.js';

/**
 * Squeeze risk: dealers short gamma (net GEX < 0) AND heavy call OI near spot (call OI at strikes
 * in (spot, spot·(1 + band)] is at least `squeezeCallShareMin` of that call OI plus the put OI at
 * strikes in [spot·(1 − band), spot)) AND price rising (spotChangePct > squeezeSpotChangeMinPct).
 */
export function squeezeRisk(input: PlaybookInput, th: PlaybookThresholds): RuleResult {
  const { spot, netGex } = input;
  const band = th.nearBandPct / 100;
  const above = (k: number) => k > spot;
  const callAbove = oiInBand(input.strikes, input.callOi, { lo: spot, hi: spot * (1 + band), keep: above });
  const putBelow = oiInBand(input.strikes, input.putOi, { lo: spot * (1 - band), hi: spot, keep: (k) => k < spot });
  const near = callAbove + putBelow;
  const callShare = near > 0 ? callAbove / near : null;
  const change = input.spotChangePct ?? null;
  const conditions: RuleCondition[] = [
    { name: 'net GEX < 0 (dealers short gamma)', met: netGex < 0 },
    {
      name: `call OI within +${th.nearBandPct} % above spot ≥ ${th.squeezeCallShareMin * 100} % of it plus put OI within −${th.nearBandPct} % below`,
      met: callShare !== null && callShare >= th.squeezeCallShareMin,
    },
    {
      name: `price change over the lookback > ${th.squeezeSpotChangeMinPct} %`,
      met: change === null ? null : change > th.squeezeSpotChangeMinPct,
    },
  ];
  const status = statusOf(conditions);
  const meaning =
    status === 'fired'
      ? 'potential squeeze: dealers are short gamma with call OI stacked above spot and price rising, so their hedging keeps buying into the rally'
      : status === 'not-fired'
        ? `no squeeze setup: not met: ${failed(conditions)}`
        : `cannot decide without: ${missing(conditions)} (give the price change, e.g. --spot-change)`;
  return {
    rule: 'squeeze-risk',
    status,
    inputs: { netGex, callOiAbove: callAbove, putOiBelow: putBelow, callShare, spotChangePct: change },
    thresholds: {
      nearBandPct: th.nearBandPct,
      squeezeCallShareMin: th.squeezeCallShareMin,
      squeezeSpotChangeMinPct: th.squeezeSpotChangeMinPct,
    },
    conditions,
    levels: largestInBand(input.strikes, input.callOi, { lo: spot, hi: spot * (1 + band), spot, keep: above }),
    meaning,
  };
}
